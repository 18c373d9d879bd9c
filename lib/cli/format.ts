/** How the command line writes numbers for people: `12,345`, `2.4 s`, `$0.0123`. */
export const formatCount = (value: number): string => value.toLocaleString('en-US');

export const formatSeconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export const formatUsd = (usd: number): string => `$${usd < 0.01 ? usd.toFixed(4) : usd.toFixed(2)}`;
