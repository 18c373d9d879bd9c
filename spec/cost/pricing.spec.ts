import { priceOf } from '../../lib';
import { batchPriceOf } from '../../lib/cost/batch-pricing';
import { costOf } from '../../lib/cost/pricing';
import { providerAdapter } from '../../lib/providers/registry';
import { ProviderNameSchema } from '../../lib/schemas/options';

describe('priceOf', () => {
  it("prices every provider's default model, except the self-hosted OpenAI-compatible one and the simulated one", () => {
    const unpriced = ProviderNameSchema.options.filter((name) => !priceOf(name, providerAdapter(name).defaultModel));
    expect(unpriced).toEqual(['openai-compatible', 'simulated']);
  });

  it('never prices the simulated provider, whatever model it claims', () => {
    expect(priceOf('simulated', 'gpt-4o-mini')).toBeUndefined();
  });

  it('finds a model by its id, and a dated or -latest id as the model it names, cache rates included', () => {
    expect(priceOf('openai', 'gpt-4o-mini')).toEqual({ input: 0.15, output: 0.6, cacheRead: 0.075 });
    expect(priceOf('openai', 'gpt-4o-mini-2024-07-18')).toEqual(priceOf('openai', 'gpt-4o-mini'));
    expect(priceOf('anthropic', 'claude-sonnet-4-5-20250929')).toEqual({ input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 });
    expect(priceOf('anthropic', 'claude-3-5-haiku-latest')).toMatchObject({ input: 0.8, output: 4 });
  });

  it('prices every local Ollama model at zero', () => {
    expect(priceOf('ollama', 'llama3.2')).toEqual({ input: 0, output: 0 });
    expect(priceOf('ollama', 'qwen3:32b')).toEqual({ input: 0, output: 0 });
  });

  it('knows no price for an unknown model, a self-hosted server, or a name that is not a model', () => {
    expect(priceOf('anthropic', 'claude-opus-4-9')).toBeUndefined();
    expect(priceOf('openai-compatible', 'gpt-4o-mini')).toBeUndefined();
    expect(priceOf('openai', 'constructor')).toBeUndefined();
    expect(priceOf('openai', 'toString')).toBeUndefined();
    expect(priceOf('openai', '')).toBeUndefined();
  });
});

describe('batchPriceOf', () => {
  it('halves every rate at OpenAI and Anthropic, cache rates included, and knows none elsewhere', () => {
    expect(batchPriceOf('anthropic', 'claude-sonnet-4-6')).toEqual({ input: 1.5, output: 7.5, cacheRead: 0.15, cacheWrite: 1.875 });
    expect(batchPriceOf('openai', 'gpt-4o-mini')).toEqual({ input: 0.075, output: 0.3, cacheRead: 0.0375 });
    expect(batchPriceOf('gemini', 'gemini-3.5-flash-lite')).toBeUndefined();
    expect(batchPriceOf('openai', 'no-such-model')).toBeUndefined();
    expect(batchPriceOf('constructor', 'gpt-4o-mini')).toBeUndefined();
  });
});

describe('costOf', () => {
  it('is USD per million tokens, input and output at their own prices, without float noise', () => {
    expect(costOf({ inputTokens: 1_000_000, outputTokens: 0 }, { input: 3, output: 15 })).toBe(3);
    expect(costOf({ inputTokens: 0, outputTokens: 1_000_000 }, { input: 3, output: 15 })).toBe(15);
    expect(costOf({ inputTokens: 1234, outputTokens: 567 }, { input: 0.15, output: 0.6 })).toBe(0.0005253);
    expect(costOf({ inputTokens: 3, outputTokens: 1 }, { input: 0.1, output: 0.2 })).toBe(0.0000005);
  });
});
