import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';
import { generatorFor, outcomeOf, PROVIDERS } from '../providers/provider-cases';
import { hostileResponse, personasAnswer } from './support/hostile-answer';

const server = useFakeServer();
const config = { count: 2, data: RESEARCH_NOTES };

const BAD_COUNTS: [string, unknown][] = [
  ['negative', -500],
  ['fractional', 12.5],
  ['a string', '120'],
  ['null', null],
  ['missing', undefined],
  ['huge', 1e300],
  ['an object', { value: 3 }],
];

const isTokenCount = (value: number): boolean => Number.isSafeInteger(value) && value >= 0;

describe.each(PROVIDERS)('$provider usage the provider made up', (providerCase) => {
  describe.each([false, true])('stream: %s', (stream) => {
    it.each(BAD_COUNTS)('replaces an input count that is %s by an estimate marked estimated', async (_case, bad) => {
      server.current.enqueue(hostileResponse(providerCase.provider, { text: personasAnswer(2), inputTokens: bad, outputTokens: 40 }, stream));
      const { result, error } = await outcomeOf(generatorFor(providerCase, server.current, { stream }).generate$(config));
      expect(error).toBeUndefined();
      const usage = result?.usage ?? { inputTokens: -1, outputTokens: -1, totalTokens: -1 };
      expect(usage).toMatchObject({ outputTokens: 40, estimated: true });
      expect(isTokenCount(usage.inputTokens) && usage.inputTokens > 0).toBe(true);
      expect(usage.totalTokens).toBe(usage.inputTokens + 40);
      if (result?.costUsd !== undefined) expect(Number.isFinite(result.costUsd) && result.costUsd >= 0).toBe(true);
    });

    it('replaces bad output counts too, and never prices a run below zero', async () => {
      server.current.enqueue(hostileResponse(providerCase.provider, { text: personasAnswer(2), inputTokens: -7, outputTokens: -9_000_000 }, stream));
      const { result } = await outcomeOf(generatorFor(providerCase, server.current, { stream }).generate$(config));
      expect(result?.usage.estimated).toBe(true);
      expect([result?.usage.inputTokens, result?.usage.outputTokens].every((count) => isTokenCount(count ?? -1) && (count ?? 0) > 0)).toBe(true);
      expect(result?.costUsd ?? 0).toBeGreaterThanOrEqual(0);
    });

    it('keeps honest counts as reported, not marked estimated', async () => {
      server.current.enqueue(hostileResponse(providerCase.provider, { text: personasAnswer(2), inputTokens: 300, outputTokens: 40 }, stream));
      const { result } = await outcomeOf(generatorFor(providerCase, server.current, { stream }).generate$(config));
      expect(result?.usage).toEqual({ inputTokens: 300, outputTokens: 40, totalTokens: 340 });
    });
  });
});
