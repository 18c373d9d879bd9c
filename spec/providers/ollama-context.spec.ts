import { lastValueFrom, toArray } from 'rxjs';
import { ContextWindowError, PersonaGenerator, type GenerationEvent, type GeneratorOptions } from '../../lib';
import { ollamaContextLength$, showContextLength } from '../../lib/providers/ollama-show';
import { startFakeLlmServer, type FakeLlmServer, type FakeLlmServerOptions } from '../../lib/testing';

// About 6,600 simulated tokens of interview lines: more than Ollama's default context of 4,096.
const DATA = Array.from({ length: 500 }, (_, line) => `P${line}: "The export took ${line} minutes and I gave up."`).join('\n');

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function ollama(serverOptions: FakeLlmServerOptions = {}, options: GeneratorOptions = {}): Promise<{ started: FakeLlmServer; generator: PersonaGenerator }> {
  const started = await startFakeLlmServer(serverOptions);
  server = started;
  return { started, generator: new PersonaGenerator({ provider: 'ollama', baseURL: started.origin, ...options }) };
}

const run = (generator: PersonaGenerator, config: Parameters<PersonaGenerator['generate$']>[0] = { count: 1, data: DATA }): Promise<GenerationEvent[]> =>
  lastValueFrom(generator.generate$(config).pipe(toArray()));

const numCtxOf = (started: FakeLlmServer, index = 0): unknown => (started.requests[index].body as { options: { num_ctx?: unknown } }).options.num_ctx;

describe('Ollama num_ctx', () => {
  it('is set to hold the whole prompt and maxTokens, so the model reads all of the data', async () => {
    const { started, generator } = await ollama();
    const events = await run(generator, { count: 1, data: DATA, maxTokens: 1000 });
    const result = events.at(-1);
    if (result?.type !== 'result') throw new Error('no result');
    const numCtx = numCtxOf(started) as number;
    // The whole prompt was read: the server counted every character of it, nothing dropped from its start.
    const sent = (started.requests[0].body as { messages: { content: string }[] }).messages.map((message) => message.content).join('\n');
    expect(result.result.usage.inputTokens).toBe(Math.ceil(sent.length / 4));
    expect(result.result.usage.inputTokens).toBeGreaterThan(6000);
    expect(numCtx).toBeGreaterThanOrEqual(result.result.usage.inputTokens + 1000);
    expect(numCtx % 2048).toBe(0);
    expect(numCtx).toBeLessThanOrEqual(131_072);
  });

  it("reads the model's context length once per model, for every run of the generator", async () => {
    const { started, generator } = await ollama();
    await run(generator);
    await run(generator);
    expect(started.modelInfoRequests).toBe(1);
    await run(new PersonaGenerator({ provider: 'ollama', baseURL: started.origin }));
    expect(started.modelInfoRequests).toBe(2);
    expect(started.requests).toHaveLength(3);
  });

  it("refuses a prompt over the model's own context length before any chat request", async () => {
    const { started, generator } = await ollama({ ollamaContextLength: 4096 });
    const failure = await run(generator).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ContextWindowError);
    expect(failure).toMatchObject({ contextWindow: 4096, maxTokens: 4096 });
    expect(started.requests).toHaveLength(0);
  });

  it('caps num_ctx at the model context length when the prompt fits under it', async () => {
    const roomy = await ollama();
    await run(roomy.generator, { count: 1, data: DATA, maxTokens: 100 });
    const stepped = numCtxOf(roomy.started) as number;
    await roomy.started.close();
    // Just under the step num_ctx was rounded up to, and still over what the prompt needs.
    const tight = await ollama({ ollamaContextLength: stepped - 1 });
    await run(tight.generator, { count: 1, data: DATA, maxTokens: 100 });
    expect(numCtxOf(tight.started)).toBe(stepped - 1);
  });

  it('takes the generator option contextWindow over /api/show, and asks nothing', async () => {
    const { started, generator } = await ollama({ ollamaContextLength: 4096 }, { contextWindow: 32_768 });
    await run(generator);
    expect(started.modelInfoRequests).toBe(0);
    expect(numCtxOf(started)).toBeLessThanOrEqual(32_768);
  });

  it.each([[-5], [0], [1.5], [1e12], ['131072'], [null], [{ tokens: 1 }]])('treats a context length of %p from /api/show as unknown, and still sets num_ctx', async (length) => {
    const { started, generator } = await ollama({ ollamaContextLength: length });
    const events = await run(generator);
    expect(events.at(-1)).toMatchObject({ type: 'result' });
    expect(numCtxOf(started)).toEqual(expect.any(Number));
    expect(numCtxOf(started) as number).toBeGreaterThan(6000);
  });
});

describe('showContextLength', () => {
  it("reads <architecture>.context_length and nothing else", () => {
    expect(showContextLength({ model_info: { 'general.architecture': 'qwen3', 'qwen3.context_length': 40_960 } })).toBe(40_960);
    expect(showContextLength({ model_info: { 'general.architecture': 'qwen3', 'llama.context_length': 40_960 } })).toBeUndefined();
    expect(showContextLength({ model_info: { 'general.architecture': '__proto__' } })).toBeUndefined();
    expect(showContextLength({ model_info: 'x' })).toBeUndefined();
    expect(showContextLength(null)).toBeUndefined();
    expect(showContextLength([])).toBeUndefined();
  });
});

describe('ollamaContextLength$', () => {
  it('leaves the length unknown when the server cannot be reached, refuses or answers no JSON, instead of failing the run', async () => {
    const closed = await startFakeLlmServer();
    const origin = closed.origin;
    await closed.close();
    const connection = { baseURL: origin, headers: {} };
    expect(await lastValueFrom(ollamaContextLength$(connection, 'llama3.2'))).toBeUndefined();
    const started = await startFakeLlmServer();
    server = started;
    // An old server or a proxy without the route: 404.
    expect(await lastValueFrom(ollamaContextLength$({ baseURL: `${started.origin}/elsewhere`, headers: {} }, 'llama3.2'))).toBeUndefined();
    // The chat route answers lines of NDJSON, not /api/show's JSON: nothing to read there.
    expect(await lastValueFrom(ollamaContextLength$({ baseURL: `${started.origin}/api/chat#`, headers: {} }, 'llama3.2'))).toBeUndefined();
  });
});
