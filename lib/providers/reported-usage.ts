import type { ProviderChunk } from './provider';

/**
 * A token count as a provider reported it, when it is one: a non-negative whole number.
 * Anything else (negative, fractional, a string, NaN) counts as not reported, so that the run
 * estimates it instead of saving a number that breaks statistics and cost.
 */
export function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** The usage chunk for the counts a provider reported, checked; none when it reported neither. */
export function reportedUsage(inputTokens: unknown, outputTokens: unknown): ProviderChunk[] {
  const usage = { inputTokens: tokenCount(inputTokens), outputTokens: tokenCount(outputTokens) };
  return usage.inputTokens === undefined && usage.outputTokens === undefined ? [] : [{ type: 'usage', usage }];
}
