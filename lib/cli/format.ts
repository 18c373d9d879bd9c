/** How the command line writes numbers for people: `12,345`, `2.4 s` (and dollars with the exports' `formatUsd`). */
export const formatCount = (value: number): string => value.toLocaleString('en-US');

export const formatSeconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
