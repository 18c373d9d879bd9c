/**
 * A bucket that refills continuously at `perMinute` units per minute and holds `capacity`, so
 * that a known limit is met by an even pace, not a minute's burst that a provider enforcing it
 * per second would refuse. `take` may drive the level below zero (a request larger than the
 * bucket, or a correction after the fact); the debt is paid off by refilling before anything
 * else starts.
 */
export class TokenBucket {
  private level: number;
  private updatedAt: number;
  private readonly perMs: number;
  private readonly capacity: number;

  constructor(perMinute: number, capacity: number, now: number) {
    this.capacity = capacity;
    this.level = this.capacity;
    this.updatedAt = now;
    this.perMs = perMinute / 60_000;
  }

  /** Milliseconds until `amount` units (at most a full bucket) are available: 0 when they are. */
  delayFor(amount: number, now: number): number {
    this.refill(now);
    const missing = Math.min(amount, this.capacity) - this.level;
    return missing <= 0 ? 0 : Math.ceil(missing / this.perMs);
  }

  take(amount: number, now: number): void {
    this.refill(now);
    this.level -= amount;
  }

  /** Gives back units taken on an estimate (or takes more, when `amount` is negative). */
  refund(amount: number): void {
    this.level = Math.min(this.capacity, this.level + amount);
  }

  private refill(now: number): void {
    this.level = Math.min(this.capacity, this.level + (now - this.updatedAt) * this.perMs);
    this.updatedAt = now;
  }
}
