import { anthropicAdapter } from '../../lib/providers/anthropic';
import { geminiAdapter } from '../../lib/providers/gemini';
import { openAiAdapter } from '../../lib/providers/openai';
import type { ProviderChunk } from '../../lib/providers/provider';
import { useFakeServer } from '../support/fake-server';
import { generatorFor, outcomeOf, PROVIDERS, type ProviderCase } from './provider-cases';

const server = useFakeServer();

/** About 3,000 tokens of research data: long enough for every provider and model to cache. */
const LONG_DATA = Array.from({ length: 150 }, (_, index) => `P${index}: "I want my weekly report in one place, it costs me ${index} minutes."`).join('\n');

const caching = PROVIDERS.filter((each) => each.provider !== 'ollama');
const frame = (data: unknown) => ({ data: JSON.stringify(data) });
const usageOf = (chunks: ProviderChunk[]) => chunks.filter((chunk) => chunk.type === 'usage').map((chunk) => chunk.type === 'usage' && chunk.usage);

describe.each(caching.map((each) => [each.provider, each] as [string, ProviderCase]))('%s: cache usage read from the wire', (_name, providerCase) => {
  it.each([false, true])('reports what the cache served and stored on two runs of one generator over the same data (stream: %s)', async (stream) => {
    const generator = generatorFor(providerCase, server.current, { stream });
    const first = await outcomeOf(generator.generate$({ count: 1, data: LONG_DATA }));
    const second = await outcomeOf(generator.generate$({ count: 2, complexity: 'complex', data: LONG_DATA }));
    const [one, two] = [first.result?.usage, second.result?.usage];
    const inputs = server.current.requests.map((request) => Math.ceil(providerCase.promptOf(request).length / 4));
    expect(one?.inputTokens).toBe(inputs[0]);
    expect(two?.inputTokens).toBe(inputs[1]);
    expect(one?.estimated).toBeUndefined();
    expect(two?.estimated).toBeUndefined();
    const system = Math.floor(providerCase.promptOf(server.current.requests[0]).split('\n<<<end-research-data')[0].length / 4);
    switch (providerCase.provider) {
      case 'anthropic':
        // Written by the first run at the breakpoint, read by the second: the whole system message.
        expect(one).toMatchObject({ cachedInputTokens: 0, cacheWriteInputTokens: expect.any(Number) as number });
        expect(two).toMatchObject({ cachedInputTokens: one?.cacheWriteInputTokens, cacheWriteInputTokens: 0 });
        expect(one?.cacheWriteInputTokens).toBeGreaterThan(system);
        break;
      case 'openai':
        // Automatic: nothing the first time, then the shared prefix in steps of 128 tokens.
        expect(one).toMatchObject({ cachedInputTokens: 0 });
        expect(one?.cacheWriteInputTokens).toBeUndefined();
        expect((two?.cachedInputTokens ?? 0) % 128).toBe(0);
        expect(two?.cachedInputTokens).toBeGreaterThan(system - 128);
        break;
      default:
        // Gemini says nothing when the cache served nothing.
        expect(one?.cachedInputTokens).toBeUndefined();
        expect(two?.cachedInputTokens).toBeGreaterThan(system);
    }
    expect(two?.cachedInputTokens).toBeLessThan(two?.inputTokens ?? 0);
  });

  it('reports no cache use for data too short to cache', async () => {
    const { result } = await outcomeOf(generatorFor(providerCase, server.current).generate$({ count: 1, data: 'P1: "I want it fast."' }));
    await outcomeOf(generatorFor(providerCase, server.current).generate$({ count: 1, data: 'P1: "I want it fast."' }));
    expect(result?.usage.cachedInputTokens ?? 0).toBe(0);
    expect(result?.usage.cacheWriteInputTokens ?? 0).toBe(0);
  });
});

describe('cache figures as the adapters read them', () => {
  it("adds Anthropic's three input figures up, whole and in message_start", () => {
    const usage = { input_tokens: 12, cache_read_input_tokens: 3000, cache_creation_input_tokens: 0, output_tokens: 40 };
    expect(usageOf(anthropicAdapter.parseWhole({ content: [], usage }))).toEqual([
      { inputTokens: 3012, outputTokens: 40, cachedInputTokens: 3000, cacheWriteInputTokens: 0 },
    ]);
    expect(usageOf(anthropicAdapter.parseFrame(frame({ type: 'message_start', message: { usage: { ...usage, cache_read_input_tokens: 0, cache_creation_input_tokens: 2990 } } })))).toEqual([
      { inputTokens: 3002, outputTokens: undefined, cachedInputTokens: 0, cacheWriteInputTokens: 2990 },
    ]);
    // Without cache fields, as before caching: input_tokens is all the input.
    expect(usageOf(anthropicAdapter.parseWhole({ content: [], usage: { input_tokens: 7, output_tokens: 2 } }))).toEqual([{ inputTokens: 7, outputTokens: 2 }]);
  });

  it("reads OpenAI's prompt_tokens_details.cached_tokens, whole and from the last stream chunk", () => {
    const usage = { prompt_tokens: 3100, completion_tokens: 50, prompt_tokens_details: { cached_tokens: 2944 } };
    const expected = [{ inputTokens: 3100, outputTokens: 50, cachedInputTokens: 2944 }];
    expect(usageOf(openAiAdapter.parseWhole({ choices: [], usage }))).toEqual(expected);
    expect(usageOf(openAiAdapter.parseFrame(frame({ choices: [], usage })))).toEqual(expected);
    expect(usageOf(openAiAdapter.parseWhole({ choices: [], usage: { ...usage, prompt_tokens_details: null } }))).toEqual([{ inputTokens: 3100, outputTokens: 50 }]);
  });

  it("reads Gemini's cachedContentTokenCount", () => {
    const usageMetadata = { promptTokenCount: 3100, candidatesTokenCount: 50, cachedContentTokenCount: 3000 };
    expect(usageOf(geminiAdapter.parseWhole({ candidates: [], usageMetadata }))).toEqual([{ inputTokens: 3100, outputTokens: 50, cachedInputTokens: 3000 }]);
  });

  it.each([
    ['a negative cache read', { input_tokens: 10, cache_read_input_tokens: -5, output_tokens: 1 }],
    ['a fractional cache write', { input_tokens: 10, cache_creation_input_tokens: 2.5, output_tokens: 1 }],
    ['a cache figure as text', { input_tokens: 10, cache_read_input_tokens: '3000', output_tokens: 1 }],
    ['an input count as text', { input_tokens: '10', cache_read_input_tokens: 3000, output_tokens: 1 }],
  ])('leaves the input unreported (so the run estimates it) for %s from Anthropic', (_case, usage) => {
    expect(usageOf(anthropicAdapter.parseWhole({ content: [], usage }))).toEqual([{ inputTokens: undefined, outputTokens: 1 }]);
  });

  it.each([
    ['more cached than input', { prompt_tokens: 100, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 101 } }],
    ['a negative cached count', { prompt_tokens: 100, completion_tokens: 5, prompt_tokens_details: { cached_tokens: -1 } }],
    ['an unsafe integer', { prompt_tokens: 100, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 2 ** 60 } }],
  ])('leaves the input unreported for %s from OpenAI', (_case, usage) => {
    expect(usageOf(openAiAdapter.parseWhole({ choices: [], usage }))).toEqual([{ inputTokens: undefined, outputTokens: 5 }]);
  });

  it('marks a run whose cache figures are broken as estimated, without cache figures', async () => {
    const content = JSON.stringify({ personas: [{ id: 'persona-1', name: 'Ana', goals: ['fast'], quotes: [] }] });
    const raw = JSON.stringify({ choices: [{ message: { content }, finish_reason: 'stop' }], usage: { prompt_tokens: 10, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 'lots' } } });
    server.current.enqueue({ rawBody: raw });
    const { result, error } = await outcomeOf(generatorFor(PROVIDERS[0], server.current, { stream: false }).generate$({ count: 1, data: 'P1: "I want it fast."' }));
    expect(error).toBeUndefined();
    expect(result?.usage.estimated).toBe(true);
    expect(result?.usage.cachedInputTokens).toBeUndefined();
    expect(result?.usage.outputTokens).toBe(5);
  });
});
