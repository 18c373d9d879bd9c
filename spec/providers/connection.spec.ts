import { ConfigurationError, GeneratorOptionsSchema, PersonaGenerator, type GeneratorOptions } from '../../lib';
import { resolveProvider, type Environment } from '../../lib/providers/connection';
import { ollamaBaseURL } from '../../lib/providers/ollama';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';
import { outcomeOf } from './provider-cases';

const resolve = (options: GeneratorOptions, env: Environment = {}) => resolveProvider(GeneratorOptionsSchema.parse(options), env);

describe('provider defaults and environment variables', () => {
  it.each([
    ['openai', { OPENAI_API_KEY: 'sk-openai-000001' }, 'sk-openai-000001', 'https://api.openai.com/v1', 'gpt-4o-mini'],
    ['anthropic', { ANTHROPIC_API_KEY: 'sk-ant-000001' }, 'sk-ant-000001', 'https://api.anthropic.com', 'claude-sonnet-4-6'],
    ['gemini', { GEMINI_API_KEY: 'gem-key-000001' }, 'gem-key-000001', 'https://generativelanguage.googleapis.com', 'gemini-3.5-flash-lite'],
    ['gemini', { GOOGLE_API_KEY: 'goog-key-000001' }, 'goog-key-000001', 'https://generativelanguage.googleapis.com', 'gemini-3.5-flash-lite'],
    ['ollama', {}, undefined, 'http://127.0.0.1:11434', 'llama3.2'],
    ['ollama', { OLLAMA_API_KEY: 'ollama-cloud-01' }, 'ollama-cloud-01', 'http://127.0.0.1:11434', 'llama3.2'],
    ['openai-compatible', {}, undefined, 'http://127.0.0.1:8000/v1', 'default'],
  ] as const)('%s reads its key from %j', (provider, env, apiKey, baseURL, model) => {
    const { connection, model: resolvedModel, adapter } = resolve({ provider }, env);
    expect(adapter.name).toBe(provider);
    expect(connection).toEqual({ apiKey, baseURL, headers: {} });
    expect(resolvedModel).toBe(model);
  });

  it('defaults to openai', () => {
    expect(resolve({}, { OPENAI_API_KEY: 'sk-openai-000001' }).adapter.name).toBe('openai');
  });

  it('prefers GOOGLE_API_KEY over GEMINI_API_KEY, as the official SDK does', () => {
    expect(resolve({ provider: 'gemini' }, { GEMINI_API_KEY: 'gem-key-000001', GOOGLE_API_KEY: 'goog-key-000001' }).connection.apiKey).toBe(
      'goog-key-000001',
    );
  });

  it.each([
    ['openai', 'OPENAI_BASE_URL', 'https://proxy.example.com/v1/', 'https://proxy.example.com/v1'],
    ['anthropic', 'ANTHROPIC_BASE_URL', 'https://claude-proxy.example.com', 'https://claude-proxy.example.com'],
    ['gemini', 'GOOGLE_GEMINI_BASE_URL', 'https://gemini-proxy.example.com//', 'https://gemini-proxy.example.com'],
    ['ollama', 'OLLAMA_HOST', 'gpu-box:8080', 'http://gpu-box:8080'],
  ] as const)('%s reads its endpoint from %s, without trailing slashes', (provider, variable, value, baseURL) => {
    expect(resolve({ provider, apiKey: 'key-000001' }, { [variable]: value }).connection.baseURL).toBe(baseURL);
  });

  it('takes options over environment variables, and an empty variable as unset', () => {
    const env = { ANTHROPIC_API_KEY: 'sk-ant-env-0001', ANTHROPIC_BASE_URL: 'https://env.example.com' };
    const resolved = resolve({ provider: 'anthropic', apiKey: 'sk-ant-opt-0001', baseURL: 'https://opt.example.com/', model: 'claude-haiku-4-5' }, env);
    expect(resolved.connection).toMatchObject({ apiKey: 'sk-ant-opt-0001', baseURL: 'https://opt.example.com' });
    expect(resolved.model).toBe('claude-haiku-4-5');
    expect(resolve({ provider: 'ollama' }, { OLLAMA_HOST: '' }).connection.baseURL).toBe('http://127.0.0.1:11434');
  });

  it.each([
    ['openai', 'OPENAI_API_KEY'],
    ['anthropic', 'ANTHROPIC_API_KEY'],
    ['gemini', 'GOOGLE_API_KEY or GEMINI_API_KEY'],
  ] as const)('%s without a key fails with ConfigurationError naming %s', (provider, variables) => {
    const attempt = (): unknown => resolve({ provider }, { OPENAI_API_KEY: '', GEMINI_API_KEY: undefined });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(`No API key for ${provider}: pass apiKey or set ${variables}`);
    expect(attempt).toThrow(expect.objectContaining({ fields: ['apiKey'] }));
  });
});

describe('OLLAMA_HOST, read the way Ollama reads it', () => {
  it.each([
    ['0.0.0.0', 'http://0.0.0.0:11434/'],
    ['gpu-box', 'http://gpu-box:11434/'],
    ['gpu-box:8080', 'http://gpu-box:8080/'],
    [':9999', 'http://127.0.0.1:9999/'],
    ['example.com/ollama', 'http://example.com:11434/ollama'],
    ['  [::1]  ', 'http://[::1]:11434/'],
    ['https://ollama.example.com/', 'https://ollama.example.com/'],
    ['http://127.0.0.1:11434', 'http://127.0.0.1:11434'],
  ])('%j becomes %s', (host, url) => {
    expect(ollamaBaseURL(host)).toBe(url);
  });

  it('refuses what is neither a host nor a URL', () => {
    expect(() => ollamaBaseURL('not a host')).toThrow(ConfigurationError);
    expect(() => resolve({ provider: 'ollama' }, { OLLAMA_HOST: 'not a host' })).toThrow(expect.objectContaining({ fields: ['baseURL'] }));
  });
});

describe('against the simulated server', () => {
  const server = useFakeServer();
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('reaches an Ollama at an OLLAMA_HOST written without a scheme', async () => {
    process.env.OLLAMA_HOST = server.current.origin.replace('http://', '');
    const { result, error } = await outcomeOf(new PersonaGenerator({ provider: 'ollama' }).generate$({ count: 1, data: RESEARCH_NOTES }));
    expect(error).toBeUndefined();
    expect(result?.provider).toBe('ollama');
    expect(server.current.requests.map((request) => request.path)).toEqual(['/api/chat']);
    expect(server.current.requests[0].headers.authorization).toBeUndefined();
  });

  it('sends an Ollama key, when given one, as a bearer token', async () => {
    await outcomeOf(new PersonaGenerator({ provider: 'ollama', baseURL: `${server.current.origin}/`, apiKey: 'ollama-cloud-key-1' }).generate$({ count: 1, data: RESEARCH_NOTES }));
    expect(server.current.requests[0]).toMatchObject({ path: '/api/chat', headers: { authorization: 'Bearer ollama-cloud-key-1' } });
  });

  it('names the simulated provider for what it is: no key, no cost, the OpenAI wire at the given baseURL', async () => {
    const generator = new PersonaGenerator({ provider: 'simulated', baseURL: server.current.url });
    const { result, error } = await outcomeOf(generator.generate$({ count: 1, data: RESEARCH_NOTES }));
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ provider: 'simulated', model: 'stand-in' });
    expect(result).not.toHaveProperty('costUsd');
    expect(server.current.requests.map((request) => [request.provider, request.path])).toEqual([['openai', '/v1/chat/completions']]);
  });

  it('refuses the simulated provider without a baseURL, before any request', () => {
    const attempt = (): unknown => new PersonaGenerator({ provider: 'simulated' });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(expect.objectContaining({ fields: ['baseURL'] }));
    expect(attempt).toThrow("simulated has no endpoint of its own: pass baseURL (a simulated server's url)");
  });

  it('fails in the constructor, before any request, when a key is needed and missing', () => {
    delete process.env.ANTHROPIC_API_KEY;
    expect(() => new PersonaGenerator({ provider: 'anthropic' })).toThrow(ConfigurationError);
    expect(server.current.requests).toHaveLength(0);
  });
});
