import { lastValueFrom, toArray } from 'rxjs';
import { AsyncPersonaGenerator, ContextWindowError, PersonaGenerator, type GenerationEvent, type GeneratorOptions } from '../../lib';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';

const server = useFakeServer();

function generator(options: GeneratorOptions = {}): PersonaGenerator {
  return new PersonaGenerator({ provider: 'openai', baseURL: server.current.url, apiKey: 'sk-test-key-abcdef', ...options });
}

const collect = (generator: PersonaGenerator, config: Parameters<PersonaGenerator['generate$']>[0]): Promise<GenerationEvent[]> =>
  lastValueFrom(generator.generate$(config).pipe(toArray()));

// About 12,000 tokens of interview lines: far over a 4,096-token window, under any real one.
const LARGE_DATA = Array.from({ length: 600 }, (_, line) => `P${line}: "The export took ${line} minutes and I copied the table by hand again."`).join('\n');

describe("chunking: 'off'", () => {
  it.each([
    ['openai', 'gpt-4o-mini'],
    ['anthropic', 'claude-sonnet-4-6'],
  ] as const)('refuses a prompt over the window before any request (%s, counted by %s)', async (provider, model) => {
    const baseURL = provider === 'openai' ? server.current.url : server.current.origin;
    const events: GenerationEvent[] = [];
    const failure = await lastValueFrom(
      generator({ provider, model, baseURL, contextWindow: 4096 }).generate$({ count: 2, data: LARGE_DATA, chunking: 'off', maxTokens: 1000 }),
    ).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ContextWindowError);
    const error = failure as ContextWindowError;
    expect(error.contextWindow).toBe(4096);
    expect(error.maxTokens).toBe(1000);
    expect(error.promptTokens).toBeGreaterThan(10_000);
    expect(error.message).toContain('4,096 tokens');
    expect(error.message).toContain(`${error.promptTokens!.toLocaleString('en-US')} tokens`);
    expect(server.current.requests).toHaveLength(0);
    expect(events).toEqual([]);
  });

  it('refuses on the registry window when no override is set, and counts maxTokens against it', async () => {
    // gpt-4 has an 8,192-token window in the registry.
    const failure = await collect(generator({ model: 'gpt-4' }), { count: 1, data: LARGE_DATA, chunking: 'off' }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'CONTEXT_WINDOW', contextWindow: 8192 });
    expect(server.current.requests).toHaveLength(0);
    const small = await collect(generator({ contextWindow: 4096 }), { count: 1, data: RESEARCH_NOTES, chunking: 'off', maxTokens: 4000 }).catch(
      (error: unknown) => error,
    );
    expect(small).toMatchObject({ code: 'CONTEXT_WINDOW', contextWindow: 4096, maxTokens: 4000 });
  });

  it('sends a prompt that fits as one request, as before', async () => {
    const events = await collect(generator({ contextWindow: 8192 }), { count: 2, data: RESEARCH_NOTES, chunking: 'off', maxTokens: 2000 });
    expect(events.at(-1)).toMatchObject({ type: 'result' });
    expect(server.current.requests).toHaveLength(1);
  });

  it('sends the prompt when no one knows the window: the provider decides', async () => {
    const events = await collect(generator({ provider: 'openai-compatible', model: 'my-model' }), { count: 1, data: LARGE_DATA, chunking: 'off' });
    expect(events.at(-1)).toMatchObject({ type: 'result' });
    expect(server.current.requests).toHaveLength(1);
  });
});

describe('a run on a deprecated model', () => {
  it('says so once, in its first progress line, and runs', async () => {
    const events = await collect(generator({ provider: 'anthropic', model: 'claude-sonnet-4-5', baseURL: server.current.origin }), {
      count: 1,
      data: RESEARCH_NOTES,
    });
    const warnings = events.filter((event) => JSON.stringify(event).includes('end of life'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ type: 'progress', step: 1, stage: 'prepare' });
    expect((warnings[0] as { message: string }).message).toMatch(/claude-sonnet-4-5 reache[sd] its announced end of life on 2026-11-30; use claude-sonnet-4-6/);
    expect(events.at(-1)).toMatchObject({ type: 'result', result: { model: 'claude-sonnet-4-5' } });
  });

  it('says nothing on a current model', async () => {
    const events = await collect(generator(), { count: 1, data: RESEARCH_NOTES });
    expect(events.find((event) => event.type === 'progress')).toMatchObject({ message: 'Preparing research data' });
  });
});

describe('estimates', () => {
  it('report the context window, the registry date and a deprecation, no request made', async () => {
    const current = await new AsyncPersonaGenerator({ provider: 'openai', baseURL: server.current.url, apiKey: 'sk-x' }).aestimateCost({ data: RESEARCH_NOTES });
    expect(current).toMatchObject({ contextWindow: 128_000, registryDate: '2026-09-23' });
    expect(current.deprecated).toBeUndefined();
    const overridden = await new AsyncPersonaGenerator({ provider: 'openai', baseURL: server.current.url, apiKey: 'sk-x', contextWindow: 32_000 }).aestimateCost({
      data: RESEARCH_NOTES,
    });
    expect(overridden.contextWindow).toBe(32_000);
    const old = await new AsyncPersonaGenerator({ provider: 'anthropic', model: 'claude-sonnet-4-5', baseURL: server.current.origin, apiKey: 'sk-x' }).aestimateCost({
      data: RESEARCH_NOTES,
    });
    expect(old).toMatchObject({ contextWindow: 200_000, deprecated: { date: '2026-11-30', replacement: 'claude-sonnet-4-6' } });
    const unknown = await new AsyncPersonaGenerator({ provider: 'openai-compatible', model: 'my-model', baseURL: server.current.url }).aestimateCost({
      data: RESEARCH_NOTES,
    });
    expect(unknown.contextWindow).toBeUndefined();
    expect(server.current.requests).toHaveLength(0);
  });
});

describe('the generator option contextWindow', () => {
  it.each([0, -1, 1.5, 1e12, '8192', Infinity])('refuses %p with ConfigurationError naming it', (contextWindow) => {
    expect(() => new PersonaGenerator({ provider: 'openai', apiKey: 'sk-x', contextWindow: contextWindow as number })).toThrow(/contextWindow/);
  });
});
