/** Requests a fresh adaptive limiter lets through at once before anything has come back. */
export const INITIAL_WINDOW = 16;

/**
 * A concurrency window that adapts as TCP's does. It starts at `INITIAL_WINDOW` (at most `max`).
 * Until the first refusal, each success opens it at once to what the response says there is room
 * for (`open`), and grows it by one (doubling each round trip); from the first refusal on, each
 * success adds 1/⌊size⌋ (about one slot per window's worth of successes) and each refusal halves
 * it. It stays within [1, max]; ⌊size⌋ requests may run at once.
 */
export class AdaptiveWindow {
  private size: number;
  private threshold: number;
  private refused = false;

  constructor(private readonly max: number) {
    this.size = Math.min(max, INITIAL_WINDOW);
    this.threshold = max;
  }

  get slots(): number {
    return Math.floor(this.size);
  }

  /**
   * A success before any refusal: the window opens to `room` (Infinity: the provider set no
   * bound), never past `max`, never below its size. After a refusal only AIMD moves it.
   */
  open(room: number): void {
    if (this.refused) return;
    this.size = Math.max(this.size, Math.min(this.max, room));
  }

  widen(): void {
    const step = this.size < this.threshold ? 1 : 1 / this.slots;
    this.size = Math.min(this.max, this.size + step);
  }

  narrow(): void {
    this.refused = true;
    this.size = Math.max(1, Math.floor(this.size / 2));
    this.threshold = this.size;
  }
}
