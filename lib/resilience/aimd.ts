/** Requests a fresh adaptive limiter lets through at once before anything has come back. */
export const INITIAL_WINDOW = 16;

/**
 * A concurrency window that adapts as TCP's does. It starts at `INITIAL_WINDOW` (at most `max`)
 * and grows by one per success (doubling each round trip) until the first refusal; from then on
 * each success adds 1/⌊size⌋ (about one slot per window's worth of successes) and each refusal
 * halves it. It stays within [1, max]; ⌊size⌋ requests may run at once.
 */
export class AdaptiveWindow {
  private size: number;
  private threshold: number;

  constructor(private readonly max: number) {
    this.size = Math.min(max, INITIAL_WINDOW);
    this.threshold = max;
  }

  get slots(): number {
    return Math.floor(this.size);
  }

  widen(): void {
    const step = this.size < this.threshold ? 1 : 1 / this.slots;
    this.size = Math.min(this.max, this.size + step);
  }

  narrow(): void {
    this.size = Math.max(1, Math.floor(this.size / 2));
    this.threshold = this.size;
  }
}
