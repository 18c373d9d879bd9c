import { lastValueFrom, toArray } from 'rxjs';
import { AsyncPersonaGenerator, CancellationError, PersonaGenerator, type GenerationResult, type GeneratorOptions, type PersonaConfig } from '../../lib';
import { useFakeServer } from '../support/fake-server';

const server = useFakeServer();

/** About 3,000 tokens of research data: above every provider's minimum cacheable prefix. */
const LONG_DATA = Array.from({ length: 150 }, (_, index) => `P${index}: "I want my weekly report in one place, it costs me ${index} minutes."`).join('\n');
const CONFIGS: PersonaConfig[] = [1, 2, 3, 4].map((count) => ({ count, data: LONG_DATA }));
/** The writer's time to first byte: long enough to see who else arrives meanwhile. */
const WRITER_LATENCY_MS = 300;

function options(provider: GeneratorOptions['provider'], extra: GeneratorOptions = {}): GeneratorOptions {
  const baseURL = provider === 'openai' ? server.current.url : server.current.origin;
  return { provider, apiKey: 'sk-test-warmup', baseURL, maxConcurrentRequests: 8, ...extra };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** While the first request waits for its first byte, who else reached the server. */
async function arrivedDuringWriter(): Promise<{ requests: number; inFlight: number }> {
  await server.current.waitForRequests(1);
  await sleep(WRITER_LATENCY_MS / 3);
  return { requests: server.current.requests.length, inFlight: server.current.inFlight };
}

const writes = (results: GenerationResult[]) => results.filter((result) => (result.usage.cacheWriteInputTokens ?? 0) > 0).length;
const reads = (results: GenerationResult[]) => results.filter((result) => (result.usage.cachedInputTokens ?? 0) > 0).length;

describe('cache warm-up', () => {
  beforeEach(() => server.current.enqueue({ latencyMs: WRITER_LATENCY_MS }));

  it('under generateAll$: one run writes the prefix, the rest start once its response has begun and read it', async () => {
    const generator = new PersonaGenerator(options('anthropic'));
    const events = lastValueFrom(generator.generateAll$(CONFIGS, { concurrency: 4 }).pipe(toArray()));
    expect(await arrivedDuringWriter()).toEqual({ requests: 1, inFlight: 1 });
    const results = (await events).flatMap(({ event }) => (event.type === 'result' ? [event.result] : []));
    expect(results).toHaveLength(4);
    expect([writes(results), reads(results)]).toEqual([1, 3]);
    expect(server.current.requests).toHaveLength(4);
  });

  it('under agenerateBatch', async () => {
    const batch = new AsyncPersonaGenerator(options('anthropic')).agenerateBatch(CONFIGS, { concurrency: 4 });
    expect(await arrivedDuringWriter()).toEqual({ requests: 1, inFlight: 1 });
    const results = await batch;
    expect([writes(results), reads(results)]).toEqual([1, 3]);
  });

  it('under Promise.all of agenerate calls, OpenAI caching automatically', async () => {
    const generator = new AsyncPersonaGenerator(options('openai'));
    const all = Promise.all(CONFIGS.slice(0, 3).map((config) => generator.agenerate(config)));
    expect(await arrivedDuringWriter()).toEqual({ requests: 1, inFlight: 1 });
    const results = await all;
    expect(results.map((result) => (result.usage.cachedInputTokens ?? 0) > 0)).toEqual([false, true, true]);
  });

  it('starts everything at once with cacheWarmup: false, so every run writes the prefix', async () => {
    server.current.enqueue({ latencyMs: WRITER_LATENCY_MS }, { latencyMs: WRITER_LATENCY_MS }, { latencyMs: WRITER_LATENCY_MS });
    const results = await new AsyncPersonaGenerator(options('anthropic', { cacheWarmup: false })).agenerateBatch(CONFIGS, { concurrency: 4 });
    expect(server.current.maxInFlight).toBe(4);
    expect([writes(results), reads(results)]).toEqual([4, 0]);
  });

  it('never holds Ollama requests, nor prompts too short to cache', async () => {
    server.current.enqueue({ latencyMs: WRITER_LATENCY_MS }, { latencyMs: WRITER_LATENCY_MS });
    const ollama = new AsyncPersonaGenerator(options('ollama')).agenerateBatch(CONFIGS.slice(0, 3), { concurrency: 3 });
    await server.current.waitForRequests(3);
    expect(server.current.inFlight).toBe(3);
    await ollama;
    server.current.enqueue({ latencyMs: WRITER_LATENCY_MS }, { latencyMs: WRITER_LATENCY_MS }, { latencyMs: WRITER_LATENCY_MS });
    const short = new AsyncPersonaGenerator(options('anthropic')).agenerateBatch([1, 2, 3].map((count) => ({ count, data: 'P1: "I want it fast."' })), { concurrency: 3 });
    await server.current.waitForRequests(6);
    expect(server.current.inFlight).toBe(3);
    await short;
  });

  it('releases the held runs when the writing run is cancelled: the next one writes, the server sees the writer go', async () => {
    const generator = new AsyncPersonaGenerator(options('anthropic'));
    const cancel = new AbortController();
    const writer = generator.agenerate(CONFIGS[0], { signal: cancel.signal });
    await server.current.waitForRequests(1);
    const rest = Promise.all(CONFIGS.slice(1).map((config) => generator.agenerate(config)));
    await sleep(20);
    expect(server.current.requests).toHaveLength(1);
    cancel.abort();
    await expect(writer).rejects.toBeInstanceOf(CancellationError);
    await server.current.waitForClientClose(1);
    const results = await rest;
    expect(server.current.requests).toHaveLength(4);
    expect([writes(results), reads(results)]).toEqual([1, 2]);
  });
});
