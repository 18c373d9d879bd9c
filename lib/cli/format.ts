/** How the command line writes numbers for people: `12,345`, `2.4 s` (and dollars with the exports' `formatUsd`). */
export const formatCount = (value: number): string => value.toLocaleString('en-US');

/** A token count as people say it: `128k`, `1.05M`, `950`. */
export function formatTokensShort(value: number): string {
  if (value >= 1_000_000) return `${Number((value / 1_000_000).toPrecision(3))}M`;
  if (value >= 1_000) return `${Number((value / 1_000).toPrecision(3))}k`;
  return String(value);
}

export const formatSeconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
