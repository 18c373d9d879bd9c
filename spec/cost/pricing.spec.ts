import { priceOf, PRICING, PricingTableSchema, type PricingTable } from '../../lib';
import { costOf } from '../../lib/cost/pricing';
import { providerAdapter } from '../../lib/providers/registry';
import { ProviderNameSchema } from '../../lib/schemas/options';

describe('the pricing table', () => {
  it('is valid, dated, and prices at least one model of every provider with public prices', () => {
    expect(PricingTableSchema.parse(PRICING)).toEqual(PRICING);
    expect(PRICING.pricesAsOf).toMatch(/^\d{4}-\d{2}$/);
    expect(Object.keys(PRICING.providers).sort()).toEqual(['anthropic', 'gemini', 'ollama', 'openai']);
  });

  it("prices every provider's default model, except the self-hosted OpenAI-compatible one and the simulated one", () => {
    const unpriced = ProviderNameSchema.options.filter((name) => !priceOf(name, providerAdapter(name).defaultModel));
    expect(unpriced).toEqual(['openai-compatible', 'simulated']);
  });

  it('never prices the simulated provider, whatever model it claims', () => {
    expect(priceOf('simulated', 'gpt-4o-mini')).toBeUndefined();
    expect(PricingTableSchema.safeParse({ pricesAsOf: '2026-07', providers: { simulated: { '*': { input: 1, output: 1 } } } }).success).toBe(false);
  });

  it('rejects a table with a negative or missing price, or an unknown provider', () => {
    const table = (providers: unknown): unknown => ({ pricesAsOf: '2026-07', providers });
    expect(PricingTableSchema.safeParse(table({ openai: { m: { input: -1, output: 1 } } })).success).toBe(false);
    expect(PricingTableSchema.safeParse(table({ openai: { m: { input: 1 } } })).success).toBe(false);
    expect(PricingTableSchema.safeParse(table({ mistral: { m: { input: 1, output: 1 } } })).success).toBe(false);
    expect(PricingTableSchema.safeParse({ ...(table({}) as object), pricesAsOf: 'July' }).success).toBe(false);
  });
});

describe('priceOf', () => {
  it('finds a model by its id, and a dated or -latest id by its base id', () => {
    expect(priceOf('openai', 'gpt-4o-mini')).toEqual({ input: 0.15, output: 0.6 });
    expect(priceOf('openai', 'gpt-4o-mini-2024-07-18')).toEqual({ input: 0.15, output: 0.6 });
    expect(priceOf('anthropic', 'claude-sonnet-4-5-20250929')).toEqual({ input: 3, output: 15 });
    expect(priceOf('anthropic', 'claude-3-5-haiku-latest')).toEqual({ input: 0.8, output: 4 });
  });

  it('prices every local Ollama model at zero', () => {
    expect(priceOf('ollama', 'llama3.2')).toEqual({ input: 0, output: 0 });
    expect(priceOf('ollama', 'qwen3:32b')).toEqual({ input: 0, output: 0 });
  });

  it('knows no price for an unknown model, a self-hosted server, or a name that is not a model', () => {
    expect(priceOf('openai', 'gpt-4o-mini-audio-preview')).toBeUndefined();
    expect(priceOf('anthropic', 'claude-opus-4-9')).toBeUndefined();
    expect(priceOf('openai-compatible', 'gpt-4o-mini')).toBeUndefined();
    expect(priceOf('openai', 'constructor')).toBeUndefined();
    expect(priceOf('openai', 'toString')).toBeUndefined();
  });

  it('reads another table when given one', () => {
    const table: PricingTable = { pricesAsOf: '2030-01', providers: { gemini: { 'gemini-9': { input: 1, output: 2 } } } };
    expect(priceOf('gemini', 'gemini-9', table)).toEqual({ input: 1, output: 2 });
    expect(priceOf('gemini', 'gemini-2.5-flash', table)).toBeUndefined();
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
