/** How the command line writes numbers for people: `12,345`, `2.4 s` (and dollars with the exports' `formatUsd`). */
export const formatCount = (value: number): string => value.toLocaleString('en-US');

/** A token count as people say it: `128k`, `1.05M`, `950`. */
export function formatTokensShort(value: number): string {
  if (value >= 1_000_000) return `${Number((value / 1_000_000).toPrecision(3))}M`;
  if (value >= 1_000) return `${Number((value / 1_000).toPrecision(3))}k`;
  return String(value);
}

export const formatSeconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * Token counts with their meaning spelled out: the live bar counts output tokens only, so every
 * total says which part is which (`1,694 tokens (991 input + 703 output)`).
 */
export const formatTokens = (usage: { inputTokens: number; outputTokens: number; totalTokens: number }): string =>
  `${formatCount(usage.totalTokens)} tokens (${formatCount(usage.inputTokens)} input + ${formatCount(usage.outputTokens)} output)`;
