import { readFileSync } from 'node:fs';
import { MODEL_REGISTRY, modelFacts, ModelFactsSchema } from '../../lib';
import { factsFrom, type RegistrySource } from '../../lib/models/model-facts';
import type { RegistryEntry } from '../../lib/models/registry-entry';
import { RETIREMENTS } from '../../lib/models/retirements';
import { providerAdapter } from '../../lib/providers/registry';
import { ProviderNameSchema } from '../../lib/schemas/options';

// The package's exports do not include its package.json; the installed copy is read where npm puts it.
const installedVersion = (name: string): string =>
  (JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;

describe('modelFacts', () => {
  it('gives the window, prices with cache rates, and the registry date of a known model', () => {
    expect(modelFacts('openai', 'gpt-4o')).toEqual({
      contextWindow: 128_000,
      prices: { input: 2.5, output: 10, cacheRead: 1.25 },
      registryDate: MODEL_REGISTRY.date,
    });
    expect(modelFacts('anthropic', 'claude-sonnet-4-6')).toEqual({
      contextWindow: 1_000_000,
      prices: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
      registryDate: MODEL_REGISTRY.date,
    });
    expect(modelFacts('gemini', 'gemini-3.5-flash-lite')).toMatchObject({ contextWindow: 1_000_000, prices: { input: 0.3, output: 2.5 } });
  });

  it('reads a dated id as the model it names', () => {
    expect(modelFacts('openai', 'gpt-4o-2024-08-06')).toEqual(modelFacts('openai', 'gpt-4o'));
    expect(modelFacts('anthropic', 'claude-sonnet-4-5-20250929')).toEqual(modelFacts('anthropic', 'claude-sonnet-4-5'));
  });

  it('says when a model reached its announced end of life, and what replaces it', () => {
    expect(modelFacts('anthropic', 'claude-sonnet-4-5').deprecated).toEqual({ date: '2026-11-30', replacement: 'claude-sonnet-4-6' });
    expect(modelFacts('anthropic', 'claude-sonnet-4-20250514').deprecated).toEqual({ date: '2026-06-15', replacement: 'claude-sonnet-4-6' });
    expect(modelFacts('gemini', 'gemini-2.5-flash').deprecated).toMatchObject({ replacement: 'gemini-3.5-flash-lite' });
    expect(modelFacts('openai', 'gpt-4o-mini').deprecated).toBeUndefined();
  });

  it('knows nothing but the registry date for an unknown model, a self-hosted server or the simulated provider', () => {
    for (const [provider, model] of [
      ['anthropic', 'claude-opus-4-9'],
      ['openai-compatible', 'gpt-4o'],
      ['simulated', 'stand-in'],
      ['openai', 'constructor'],
      ['constructor', 'gpt-4o'],
      ['openai', ''],
    ]) {
      expect(modelFacts(provider, model)).toEqual({ registryDate: MODEL_REGISTRY.date });
    }
  });

  it('prices local Ollama models at zero and leaves their window to the server', () => {
    expect(modelFacts('ollama', 'llama3.2')).toEqual({ prices: { input: 0, output: 0 }, registryDate: MODEL_REGISTRY.date });
  });

  it('answers the same facts again from memory, for many distinct names too', () => {
    expect(modelFacts('openai', 'gpt-4o')).toBe(modelFacts('openai', 'gpt-4o'));
    for (let i = 0; i < 300; i += 1) expect(modelFacts('openai', `gpt-unknown-${i}`).contextWindow).toBeUndefined();
    expect(modelFacts('openai', 'gpt-4o').contextWindow).toBe(128_000);
  });

  it('gives every default model facts that pass the schema, and no default model past its end of life', () => {
    for (const provider of ProviderNameSchema.options) {
      const facts = modelFacts(provider, providerAdapter(provider).defaultModel);
      expect(ModelFactsSchema.parse(facts)).toEqual(facts);
      expect(facts.deprecated).toBeUndefined();
    }
    expect(providerAdapter('anthropic').defaultModel).toBe('claude-sonnet-4-6');
  });

  it('names only real dates in the retirements it keeps', () => {
    const dates = Object.values(RETIREMENTS).flatMap((models) => Object.values(models).map((retirement) => retirement.date));
    expect(dates.length).toBeGreaterThan(0);
    for (const date of dates) expect(new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(date);
  });
});

describe('the registry package', () => {
  it('is the version whose publication date the facts carry', () => {
    expect(installedVersion(MODEL_REGISTRY.package)).toBe(MODEL_REGISTRY.version);
    const declared = (JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> }).dependencies;
    expect(declared[MODEL_REGISTRY.package]).toBe(MODEL_REGISTRY.version);
  });
});

describe('facts from hostile registry data', () => {
  const from = (entry: RegistryEntry | undefined, provider = 'openai') =>
    factsFrom({ lookup: () => entry, date: '2030-01-02' } satisfies RegistrySource, provider, 'm');

  it('keeps sane values', () => {
    expect(from({ contextWindow: 8192, maxOutputTokens: 4096, prices: { input: 1, output: 2, cacheRead: 0.1, cacheWrite: 1.25 } })).toEqual({
      contextWindow: 8192,
      maxOutputTokens: 4096,
      prices: { input: 1, output: 2, cacheRead: 0.1, cacheWrite: 1.25 },
      registryDate: '2030-01-02',
    });
  });

  it.each([
    ['negative', -8192],
    ['zero', 0],
    ['fractional', 8191.5],
    ['huge', 1e12],
    ['infinite', Infinity],
    ['NaN', NaN],
    ['a string', '128000'],
    ['an object', { tokens: 128000 }],
  ])('drops a %s window or output limit', (_name, value) => {
    expect(from({ contextWindow: value, maxOutputTokens: value })).toEqual({ registryDate: '2030-01-02' });
  });

  it('drops an output limit larger than the window', () => {
    expect(from({ contextWindow: 4096, maxOutputTokens: 8192 })).toEqual({ contextWindow: 4096, registryDate: '2030-01-02' });
  });

  it.each([
    ['negative', -1],
    ['absurd', 1e9],
    ['NaN', NaN],
    ['missing', undefined],
    ['a string', '3'],
  ])('has no price when the input or output rate is %s, and drops such a cache rate alone', (_name, value) => {
    expect(from({ prices: { input: value, output: 15 } }).prices).toBeUndefined();
    expect(from({ prices: { input: 3, output: value } }).prices).toBeUndefined();
    expect(from({ prices: { input: 3, output: 15, cacheRead: value, cacheWrite: value } }).prices).toEqual({ input: 3, output: 15 });
  });

  it('reads a deprecation flag without a date as deprecated, and ignores any other value there', () => {
    expect(from({ deprecated: true }).deprecated).toEqual({});
    expect(from({ deprecated: 'yes' }).deprecated).toBeUndefined();
  });

  it('prefers an announced retirement to the bare flag', () => {
    expect(factsFrom({ lookup: () => ({ id: 'claude-sonnet-4-5', deprecated: true }), date: '2030-01-02' }, 'anthropic', 'x').deprecated).toEqual({
      date: '2026-11-30',
      replacement: 'claude-sonnet-4-6',
    });
  });
});
