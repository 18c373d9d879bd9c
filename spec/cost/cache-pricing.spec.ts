import { AsyncPersonaGenerator } from '../../lib';
import { cacheSavingOf, costOf, priceOf } from '../../lib/cost/pricing';
import { useFakeServer } from '../support/fake-server';

const server = useFakeServer();
const SONNET = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };

describe('costOf with prompt caching', () => {
  it('prices cache reads and writes at their rates and the rest of the input at the input rate', () => {
    const tokens = { inputTokens: 10_000, outputTokens: 1_000, cachedInputTokens: 6_000, cacheWriteInputTokens: 3_000 };
    // 1,000 uncached × 3 + 6,000 × 0.3 + 3,000 × 3.75 + 1,000 × 15, per million.
    expect(costOf(tokens, SONNET)).toBe(0.03105);
    expect(costOf({ inputTokens: 10_000, outputTokens: 1_000 }, SONNET)).toBe(0.045);
    expect(cacheSavingOf(tokens, SONNET)).toBe(0.01395);
  });

  it('says a write that was never read cost more, as a negative saving', () => {
    expect(cacheSavingOf({ inputTokens: 4_000, outputTokens: 0, cacheWriteInputTokens: 4_000 }, SONNET)).toBe(-0.003);
  });

  it('takes an unknown cache rate as the input rate, so that it claims no saving it cannot show', () => {
    const tokens = { inputTokens: 10_000, outputTokens: 0, cachedInputTokens: 6_000, cacheWriteInputTokens: 1_000 };
    expect(costOf(tokens, { input: 3, output: 15 })).toBe(0.03);
    expect(cacheSavingOf(tokens, { input: 3, output: 15 })).toBe(0);
  });

  it('never prices a negative uncached remainder, whatever the figures', () => {
    expect(costOf({ inputTokens: 100, outputTokens: 0, cachedInputTokens: 200 }, SONNET)).toBe(0.00006);
  });
});

describe('costUsd and cacheSavingUsd on results', () => {
  it("prices a run's cache reads at the registry's cache rate and says what the cache saved", async () => {
    server.current.enqueue({ usage: { inputTokens: 10_000, outputTokens: 2_000, cachedInputTokens: 8_000 } });
    const result = await new AsyncPersonaGenerator({ provider: 'openai', model: 'gpt-4o-mini', apiKey: 'sk-cache-price-1', baseURL: server.current.url }).agenerate({
      count: 1,
      data: 'P1: "I want it fast."',
    });
    const price = priceOf('openai', 'gpt-4o-mini');
    expect(price?.cacheRead).toBeLessThan(price?.input ?? 0);
    expect(result.usage).toMatchObject({ inputTokens: 10_000, cachedInputTokens: 8_000 });
    expect(result.costUsd).toBe(costOf(result.usage, price!));
    expect(result.cacheSavingUsd).toBeCloseTo((8_000 * (price!.input - price!.cacheRead!)) / 1e6, 12);
  });

  it('says nothing of a saving for a run that never touched the cache', async () => {
    server.current.enqueue({ usage: { inputTokens: 10_000, outputTokens: 2_000 } });
    const result = await new AsyncPersonaGenerator({ provider: 'openai', model: 'gpt-4o-mini', apiKey: 'sk-cache-price-1', baseURL: server.current.url }).agenerate({
      count: 1,
      data: 'P1: "I want it fast."',
    });
    expect(result.usage.cachedInputTokens).toBe(0);
    expect(result).not.toHaveProperty('cacheSavingUsd');
  });
});
