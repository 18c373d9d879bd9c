import { AuthenticationError, parsePersonas, PersonaGenerator, type GenerationEvent } from '../../lib';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';
import { API_KEY, generatorFor, outcomeOf, PROVIDERS } from './provider-cases';

const server = useFakeServer();
const config = { count: 3, data: RESEARCH_NOTES };

/** The cache figures each service reports even when its cache served nothing: OpenAI and Anthropic say zero, the others nothing. */
const NOTHING_CACHED: Record<string, object> = {
  openai: { cachedInputTokens: 0 },
  anthropic: { cachedInputTokens: 0, cacheWriteInputTokens: 0 },
};

const ofKind = <T extends GenerationEvent['type']>(events: GenerationEvent[], type: T): Extract<GenerationEvent, { type: T }>[] =>
  events.filter((event): event is Extract<GenerationEvent, { type: T }> => event.type === type);

describe.each(PROVIDERS)('$provider wire protocol', (providerCase) => {
  it('generates from a whole response with the exact usage the server reported', async () => {
    server.current.enqueue({ usage: { inputTokens: 321, outputTokens: 123 } });
    const { events, result, error } = await outcomeOf(generatorFor(providerCase, server.current, { stream: false }).generate$(config));

    expect(error).toBeUndefined();
    expect(result?.usage).toEqual({ inputTokens: 321, outputTokens: 123, totalTokens: 444, ...NOTHING_CACHED[providerCase.provider] });
    expect(result?.personas.map((persona) => persona.name)).toEqual(['Maya Chen', 'Daniel Okafor', 'Priya Raman']);
    expect(result).toMatchObject({ provider: providerCase.provider, model: providerCase.defaultModel, attempts: 1 });
    expect(ofKind(events, 'token')).toHaveLength(0);
    expect(ofKind(events, 'persona').map((event) => event.index)).toEqual([0, 1, 2]);

    expect(server.current.requests).toHaveLength(1);
    const [request] = server.current.requests;
    expect(request).toMatchObject({ provider: providerCase.provider, method: 'POST', stream: false });
    expect(request.path).toBe(providerCase.path(providerCase.defaultModel, false));
  });

  it('streams tokens and personas, each persona before the response ends, with exact usage', async () => {
    server.current.enqueue({ usage: { inputTokens: 40, outputTokens: 17 }, chunkSize: 16, chunkDelayMs: 2 });
    const inFlightAtPersona: number[] = [];
    const { events, result, error } = await outcomeOf(generatorFor(providerCase, server.current, { model: 'model-x' }).generate$(config), (event) => {
      if (event.type === 'persona') inFlightAtPersona.push(server.current.inFlight);
    });

    expect(error).toBeUndefined();
    expect(result?.usage).toEqual({ inputTokens: 40, outputTokens: 17, totalTokens: 57, ...NOTHING_CACHED[providerCase.provider] });
    expect(result?.model).toBe('model-x');
    expect(inFlightAtPersona).toEqual([1, 1, 1]);

    expect(server.current.requests).toHaveLength(1);
    const [request] = server.current.requests;
    expect(request).toMatchObject({ provider: providerCase.provider, stream: true });
    expect(request.path).toBe(providerCase.path('model-x', true));

    const tokens = ofKind(events, 'token');
    const text = tokens.map((event) => event.delta).join('');
    expect(tokens).toHaveLength(Math.ceil(Array.from(text).length / 16));
    expect(tokens.every((event) => event.attempt === 1)).toBe(true);
    const expected = parsePersonas(text).personas;
    expect(expected).toHaveLength(3);
    const streamed = ofKind(events, 'persona').map((event) => event.persona);
    expect(streamed.map(({ evidence: _evidence, ...persona }) => persona)).toEqual(expected.map(({ evidence: _evidence, ...persona }) => persona));
    // Streamed personas already carry their evidence: every simulated quote is in the data.
    expect(streamed.every((persona) => persona.evidence.length === persona.quotes.length && persona.evidence.every((entry) => entry.verified))).toBe(true);
    expect(result?.personas).toEqual(streamed);
    expect(result?.quality).toEqual({ quotesTotal: 3, quotesVerified: 3 });

    const types = events.map((event) => event.type);
    expect(ofKind(events, 'progress').map((event) => event.stage)).toEqual(['prepare', 'render', 'request', 'receive', 'parse']);
    expect(types.slice(0, 4)).toEqual(['progress', 'progress', 'progress', 'progress']);
    expect(types.slice(-2)).toEqual(['progress', 'result']);
    expect(new Set(types.slice(4, -2))).toEqual(new Set(['token', 'persona']));
    expect(types.indexOf('persona')).toBeGreaterThan(types.indexOf('token'));
  });

  it.each([true, false])('estimates usage, and says so, when the server reports none (stream: %s)', async (stream) => {
    server.current.enqueue({ usage: null });
    const { result, error } = await outcomeOf(generatorFor(providerCase, server.current, { stream }).generate$(config));
    expect(error).toBeUndefined();
    expect(result?.usage.estimated).toBe(true);
    expect(result?.usage.inputTokens).toBeGreaterThan(0);
    expect(result?.usage.outputTokens).toBeGreaterThan(0);
    expect(result?.personas).toHaveLength(3);
  });

  it.each([true, false])('sends the headers the service requires and the rendered prompt (stream: %s)', async (stream) => {
    await outcomeOf(generatorFor(providerCase, server.current, { stream, headers: { 'x-trace': 'abc' } }).generate$(config));
    const [request] = server.current.requests;
    expect(request.headers).toMatchObject({ ...providerCase.requiredHeaders, 'x-trace': 'abc' });
    const prompt = providerCase.promptOf(request);
    expect(prompt).toContain('Create exactly 3 distinct user personas');
    expect(prompt).toContain('I lose two hours every Monday');
    // The key travels in a header only, never in the URL.
    expect(request.path).not.toContain(API_KEY);
  });
});

describe('services that reject a request without their key header', () => {
  it.each([
    ['anthropic', 401, 'authentication_error: x-api-key header is required'],
    ['gemini', 403, expect.stringMatching(/^PERMISSION_DENIED: Method doesn't allow unregistered callers/)],
  ] as const)('%s answers %s, surfaced as AuthenticationError without a retry', async (provider, status, providerMessage) => {
    const providerCase = PROVIDERS.find((candidate) => candidate.provider === provider);
    if (!providerCase) throw new Error(`no case for ${provider}`);
    const { error } = await outcomeOf(generatorFor(providerCase, server.current, { apiKey: undefined }).generate$(config));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status, provider, retryable: false, providerMessage });
    expect(server.current.requests).toHaveLength(1);
  });
});

describe('openai-compatible endpoints (vLLM, LM Studio, llama.cpp server, OpenRouter)', () => {
  it.each([true, false])('work without a key and without usage, marking the usage estimated (stream: %s)', async (stream) => {
    server.current.enqueue({ usage: null });
    const generator = new PersonaGenerator({ provider: 'openai-compatible', baseURL: server.current.url, model: 'qwen2.5-7b-instruct', stream });
    const { result, error } = await outcomeOf(generator.generate$(config));

    expect(error).toBeUndefined();
    expect(result).toMatchObject({ provider: 'openai-compatible', model: 'qwen2.5-7b-instruct', usage: { estimated: true } });
    expect(result?.personas).toHaveLength(3);
    const [request] = server.current.requests;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBeUndefined();
  });
});
