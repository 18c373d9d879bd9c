import type { ProviderChunk, TokenUsage } from './provider';

/**
 * A token count as a provider reported it, when it is one: a non-negative whole number.
 * Anything else (negative, fractional, a string, NaN) counts as not reported, so that the run
 * estimates it instead of saving a number that breaks statistics and cost.
 */
export function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** The cache figures of a usage report, as the provider sent them: `read` served from the cache, `written` to it. */
export interface ReportedCache {
  read?: unknown;
  written?: unknown;
}

/** A figure the provider sent (present) that is not a token count. */
const broken = (value: unknown): boolean => value !== undefined && value !== null && tokenCount(value) === undefined;

/**
 * The usage chunk for the counts a provider reported, checked; none when it reported nothing.
 * `inputTokens` is all input, cached or not. A cache figure that is not a count, or cache figures
 * larger than the input, make the input count unreported too, and a broken input count the cache
 * figures: the split is unknown, so the run estimates the input rather than price it wrongly.
 */
export function reportedUsage(inputTokens: unknown, outputTokens: unknown, cache: ReportedCache = {}): ProviderChunk[] {
  const read = tokenCount(cache.read);
  const written = tokenCount(cache.written);
  const input = tokenCount(inputTokens);
  const consistent = ![inputTokens, cache.read, cache.written].some(broken) && (input === undefined || (read ?? 0) + (written ?? 0) <= input);
  const usage: TokenUsage = {
    inputTokens: consistent ? input : undefined,
    outputTokens: tokenCount(outputTokens),
    ...(consistent && read !== undefined ? { cachedInputTokens: read } : {}),
    ...(consistent && written !== undefined ? { cacheWriteInputTokens: written } : {}),
  };
  return Object.values(usage).every((value) => value === undefined) ? [] : [{ type: 'usage', usage }];
}
