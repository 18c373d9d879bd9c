export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  /** Injectable for tests; Math.random otherwise. */
  random?: () => number;
}

/**
 * Exponential backoff with full jitter: a uniform draw from [0, min(max, base·2^(n-1))). A delay
 * the server asked for (`retry-after`) wins, capped at `maxDelayMs`.
 */
export function backoffDelay(failedAttempt: number, policy: BackoffPolicy, requestedMs?: number): number {
  if (requestedMs !== undefined) return Math.min(Math.ceil(requestedMs), policy.maxDelayMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1));
  return Math.floor((policy.random ?? Math.random)() * ceiling);
}
