import { lastValueFrom, toArray } from 'rxjs';
import { ContextWindowError, PersonaGenerator, type GenerationEvent, type GeneratorOptions } from '../../lib';
import { contextWindowRefusal } from '../../lib/providers/context-window-refusal';
import { startFakeLlmServer, type FakeLlmServer } from '../../lib/testing';

// About 6,600 simulated tokens (four characters a token) of interview lines.
const DATA = Array.from({ length: 500 }, (_, line) => `P${line}: "The export took ${line} minutes and I gave up."`).join('\n');

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

// With chunking 'off' the refusal is the run's error; with 'auto' the run re-plans in chunks (spec/chunking).
const failureOf = async (options: GeneratorOptions, maxTokens = 1000): Promise<unknown> =>
  lastValueFrom(new PersonaGenerator({ apiKey: 'sk-test-key-abcdef', maxRetries: 2, ...options }).generate$({ count: 1, data: DATA, maxTokens, chunking: 'off' }).pipe(toArray())).then(
    (events: GenerationEvent[]) => events,
    (error: unknown) => error,
  );

describe("the provider's own refusal of a prompt as too long", () => {
  it.each([
    ['openai', (s: FakeLlmServer) => s.url, /maximum context length is 2000 tokens/],
    ['anthropic', (s: FakeLlmServer) => s.origin, /prompt is too long: \d+ tokens > 2000 maximum/],
    ['gemini', (s: FakeLlmServer) => s.origin, /exceeds the maximum number of tokens allowed \(2000\)/],
  ] as const)('from %s becomes ContextWindowError with the numbers it names, not retried', async (provider, baseURL, words) => {
    const started = await startFakeLlmServer({ contextWindow: 2000 });
    server = started;
    // A model no registry knows: nothing is assumed, so only the provider can say it is too long.
    const failure = await failureOf({ provider, model: 'model-nobody-knows', baseURL: baseURL(started) });
    expect(failure).toBeInstanceOf(ContextWindowError);
    const error = failure as ContextWindowError;
    expect(error.contextWindow).toBe(2000);
    expect(error.promptTokens).toBeGreaterThan(2000);
    expect(error.providerMessage).toMatch(words);
    expect(error.message).toContain('2,000 tokens');
    expect(error.message).toContain('larger window');
    expect(started.requests).toHaveLength(1);
  });

  it("from Anthropic, also when the prompt fits but leaves no room for max_tokens", async () => {
    server = await startFakeLlmServer({ contextWindow: 9000 });
    const failure = await failureOf({ provider: 'anthropic', model: 'model-nobody-knows', baseURL: server.origin }, 4000);
    expect(failure).toBeInstanceOf(ContextWindowError);
    expect((failure as ContextWindowError).providerMessage).toMatch(/input length and `max_tokens` exceed context limit: \d+ \+ 4000 > 9000/);
    expect(failure).toMatchObject({ contextWindow: 9000 });
  });

  it('lets a request that fits through, and the simulated server answers it', async () => {
    server = await startFakeLlmServer({ contextWindow: 100_000 });
    const events = await failureOf({ provider: 'openai', model: 'model-nobody-knows', baseURL: server.url });
    expect((events as GenerationEvent[]).at(-1)).toMatchObject({ type: 'result' });
  });
});

describe('contextWindowRefusal', () => {
  it('reads the numbers each provider names', () => {
    expect(contextWindowRefusal(400, "This model's maximum context length is 128000 tokens. However, your messages resulted in 130001 tokens.")).toMatchObject({
      contextWindow: 128_000,
      promptTokens: 130_001,
    });
    expect(contextWindowRefusal(400, 'Input tokens exceed the configured limit of 272000 tokens. Your messages resulted in 300000 tokens.')).toMatchObject({
      contextWindow: 272_000,
      promptTokens: 300_000,
    });
    expect(contextWindowRefusal(400, 'prompt is too long: 208310 tokens > 200000 maximum')).toMatchObject({ contextWindow: 200_000, promptTokens: 208_310 });
    expect(contextWindowRefusal(400, 'The input token count (1234567) exceeds the maximum number of tokens allowed (1048576).')).toMatchObject({
      contextWindow: 1_048_576,
      promptTokens: 1_234_567,
    });
  });

  it('types a refusal that names no numbers, and leaves the numbers out', () => {
    const error = contextWindowRefusal(400, 'Your input exceeds the context window of this model. Please adjust your input and try again.');
    expect(error).toBeInstanceOf(ContextWindowError);
    expect(error?.contextWindow).toBeUndefined();
    expect(error?.promptTokens).toBeUndefined();
  });

  it('ignores numbers that are no token counts, other statuses and other errors', () => {
    const hostile = contextWindowRefusal(400, 'prompt is too long: 99999999999999999999999 tokens > 0 maximum');
    expect(hostile).toBeInstanceOf(ContextWindowError);
    expect(hostile?.promptTokens).toBeUndefined();
    expect(hostile?.contextWindow).toBeUndefined();
    expect(contextWindowRefusal(500, 'prompt is too long: 2 tokens > 1 maximum')).toBeUndefined();
    expect(contextWindowRefusal(400, 'max_tokens: too large for this model')).toBeUndefined();
    expect(contextWindowRefusal(400, undefined)).toBeUndefined();
  });

  it('keeps at most 4 KiB of a huge refusal, and reads it in linear time', () => {
    const huge = `prompt is too long: ${'1'.repeat(100_000)} tokens > ${'9 '.repeat(100_000)}`;
    const error = contextWindowRefusal(400, huge);
    expect(error?.providerMessage).toHaveLength(4096);
    expect(error?.promptTokens).toBeUndefined();
  });
});

describe('the simulated Ollama', () => {
  it('reads only the last num_ctx tokens of a prompt, silently, when the request sets none', async () => {
    const started = await startFakeLlmServer();
    server = started;
    const chat = async (options: Record<string, unknown>): Promise<{ prompt_eval_count: number }> => {
      const response = await fetch(`${started.origin}/api/chat`, {
        method: 'POST',
        body: JSON.stringify({ model: 'llama3.2', stream: false, messages: [{ role: 'user', content: DATA }], options }),
      });
      return (await response.json()) as { prompt_eval_count: number };
    };
    // The prompt is about 6,600 simulated tokens; Ollama's default context keeps 4,096 of them.
    expect((await chat({})).prompt_eval_count).toBe(4096);
    expect((await chat({ num_ctx: 2048 })).prompt_eval_count).toBe(2048);
    expect((await chat({ num_ctx: 8192 })).prompt_eval_count).toBe(Math.ceil(DATA.length / 4));
    expect((await chat({ num_ctx: -1 })).prompt_eval_count).toBe(4096);
  });

  it('answers /api/show with the model context length it is given, any value', async () => {
    const started = await startFakeLlmServer({ ollamaContextLength: -5 });
    server = started;
    const response = await fetch(`${started.origin}/api/show`, { method: 'POST', body: JSON.stringify({ model: 'llama3.2' }) });
    expect(await response.json()).toMatchObject({ model_info: { 'general.architecture': 'llama', 'llama.context_length': -5 } });
    expect(started.modelInfoRequests).toBe(1);
    expect(started.requests).toHaveLength(0);
  });
});
