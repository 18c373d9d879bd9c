/**
 * A bucket of `perMinute` units that refills continuously at `perMinute` per minute. `take` may
 * drive the level below zero (a request larger than the bucket, or a correction after the fact);
 * the debt is then paid off by refilling before anything else starts.
 */
export class TokenBucket {
  private level: number;
  private updatedAt: number;
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    now: number,
  ) {
    this.level = perMinute;
    this.updatedAt = now;
    this.perMs = perMinute / 60_000;
  }

  /** Milliseconds until `amount` units (at most a full bucket) are available: 0 when they are. */
  delayFor(amount: number, now: number): number {
    this.refill(now);
    const missing = Math.min(amount, this.perMinute) - this.level;
    return missing <= 0 ? 0 : Math.ceil(missing / this.perMs);
  }

  take(amount: number, now: number): void {
    this.refill(now);
    this.level -= amount;
  }

  /** Gives back units taken on an estimate (or takes more, when `amount` is negative). */
  refund(amount: number): void {
    this.level = Math.min(this.perMinute, this.level + amount);
  }

  private refill(now: number): void {
    this.level = Math.min(this.perMinute, this.level + (now - this.updatedAt) * this.perMs);
    this.updatedAt = now;
  }
}
