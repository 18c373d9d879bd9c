/**
 * Additive increase, multiplicative decrease of a concurrency window, as TCP does it: each
 * success adds 1/⌊window⌋ (about one more slot per window's worth of successes), each
 * refusal halves it. The window stays within [1, max]; callers use ⌊window⌋ slots.
 */
export function widened(window: number, max: number): number {
  return Math.min(max, window + 1 / Math.floor(window));
}

export function narrowed(window: number): number {
  return Math.max(1, Math.floor(window / 2));
}
