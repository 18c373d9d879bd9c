import { AsyncPersonaGenerator, type GeneratorOptions } from '../../lib';
import { cachedSystem, minimumCacheableTokens } from '../../lib/providers/anthropic-cache';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';

const server = useFakeServer();

/** About 1,500 tokens of research data (four characters a token): above Sonnet's minimum, below Haiku 3.5's. */
const MEDIUM_DATA = Array.from({ length: 75 }, (_, index) => `P${index}: "I want my weekly report in one place, number ${index}."`).join('\n');
const CONFIGS = [
  { count: 1, data: MEDIUM_DATA },
  { count: 3, includeReasoning: true, complexity: 'complex' as const, data: MEDIUM_DATA },
];

function generator(provider: GeneratorOptions['provider'], options: GeneratorOptions = {}): AsyncPersonaGenerator {
  const baseURL = provider === 'openai' || provider === 'openai-compatible' ? server.current.url : server.current.origin;
  return new AsyncPersonaGenerator({ provider, apiKey: 'sk-test-hints', baseURL, ...options });
}

type AnthropicBody = { system: unknown; tools: unknown; messages: { content: string }[] };
const bodies = <T>(): T[] => server.current.requests.map((request) => request.body as T);

describe('Anthropic: a cache breakpoint at the end of the shared prefix', () => {
  it('marks the system message, the same for every config, with tools identical across configs', async () => {
    await generator('anthropic', { model: 'claude-sonnet-4-5' }).agenerateBatch(CONFIGS);
    const [first, second] = bodies<AnthropicBody>();
    expect(first.system).toEqual([{ type: 'text', text: expect.stringContaining('P74: "I want my weekly report') as unknown, cache_control: { type: 'ephemeral' } }]);
    expect(second.system).toEqual(first.system);
    expect(second.tools).toEqual(first.tools);
    expect(second.messages).not.toEqual(first.messages);
  });

  it("leaves it out when the prefix is shorter than the model's minimum, and says the same in plain mode", async () => {
    await generator('anthropic', { model: 'claude-3-5-haiku-20241022', structuredOutput: 'off' }).agenerate(CONFIGS[0]);
    await generator('anthropic', { model: 'claude-sonnet-4-5' }).agenerate({ count: 1, data: RESEARCH_NOTES });
    // The default model, Sonnet 4.6, caches from 2,048 tokens.
    await generator('anthropic').agenerate(CONFIGS[0]);
    const [haiku, short, sonnet46] = bodies<AnthropicBody>();
    expect(typeof haiku.system).toBe('string');
    expect(haiku.system).toContain('P74: "I want my weekly report');
    expect(typeof short.system).toBe('string');
    expect(typeof sonnet46.system).toBe('string');
  });

  it.each([
    ['claude-sonnet-4-5', 1024],
    ['claude-opus-4-1', 1024],
    ['claude-sonnet-4-6', 2048],
    ['claude-3-5-haiku-20241022', 2048],
    ['claude-3-haiku-20240307', 2048],
    ['claude-haiku-4-5', 4096],
    ['claude-opus-4-5', 4096],
    ['claude-opus-4-6', 4096],
  ])('knows the minimum cacheable length of %s: %d tokens', (model, tokens) => {
    expect(minimumCacheableTokens(model)).toBe(tokens);
    expect(typeof cachedSystem('x'.repeat(tokens * 4 - 4), model)).toBe('string');
    expect(cachedSystem('x'.repeat(tokens * 4), model)).toHaveLength(1);
  });
});

describe('OpenAI: prompt_cache_key from the shared prefix', () => {
  type Body = { prompt_cache_key?: string; response_format?: unknown };

  it('is the same for every config over the same data, another for other data, and identical schemas', async () => {
    const personas = generator('openai');
    await personas.agenerateBatch(CONFIGS);
    await personas.agenerate({ count: 2, data: RESEARCH_NOTES });
    const [first, second, other] = bodies<Body>();
    expect(first.prompt_cache_key).toMatch(/^persona-rx-[0-9a-f]{32}$/);
    expect(second.prompt_cache_key).toBe(first.prompt_cache_key);
    expect(other.prompt_cache_key).toMatch(/^persona-rx-[0-9a-f]{32}$/);
    expect(other.prompt_cache_key).not.toBe(first.prompt_cache_key);
    expect(second.response_format).toEqual(first.response_format);
  });

  it('is not sent to an OpenAI-compatible server, which may refuse a field it does not know', async () => {
    await generator('openai-compatible').agenerate(CONFIGS[0]);
    expect(bodies<Body>()[0]).not.toHaveProperty('prompt_cache_key');
  });
});

describe('Gemini: implicit caching by the shared prefix', () => {
  it('sends the fenced data first, in the system instruction, with the same schema for every config', async () => {
    await generator('gemini').agenerateBatch(CONFIGS);
    type Body = { systemInstruction: unknown; contents: unknown; generationConfig: { responseSchema?: unknown } };
    const [first, second] = bodies<Body>();
    expect(second.systemInstruction).toEqual(first.systemInstruction);
    expect(JSON.stringify(first.systemInstruction)).toContain('P74: ');
    expect(second.generationConfig.responseSchema).toEqual(first.generationConfig.responseSchema);
    expect(second.contents).not.toEqual(first.contents);
  });
});
