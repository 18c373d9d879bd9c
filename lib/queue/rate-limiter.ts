import type { RateLimiterOptions } from 'bullmq';

/**
 * BullMQ's global limiter for a quota of `requestsPerMinute`, smoothed: one job per
 * 60 000 / rpm ms rather than rpm jobs per minute. BullMQ's windows are fixed, so a window of
 * many jobs would let a full window's worth through at the end of one window and again at the
 * start of the next: twice the quota in a moment, which a provider's rolling window refuses.
 */
export function smoothedLimiter(requestsPerMinute: number | undefined): RateLimiterOptions | undefined {
  if (requestsPerMinute === undefined) return undefined;
  return { max: 1, duration: Math.max(1, Math.ceil(60_000 / requestsPerMinute)) };
}
