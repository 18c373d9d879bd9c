import type { BudgetReport } from './rate-limit-headers';

/**
 * What the server has left of one budget, as last reported, minus what was spent since. Until
 * its reset the budget only shrinks; once the reset passes, a single probe may spend 1 and
 * learn the new figure from its response.
 */
export class ServerBudget {
  private remaining: number | undefined;
  private resetAt: number | undefined;

  /** A report from the response to a request after which `spentSince` more were started. */
  report(report: BudgetReport, spentSince: number, now: number): void {
    this.remaining = report.remaining - spentSince;
    this.resetAt = report.resetMs === undefined ? undefined : now + report.resetMs;
  }

  /** Forgets the figure: the server stopped reporting it. */
  clear(): void {
    this.remaining = undefined;
    this.resetAt = undefined;
  }

  spend(amount: number): void {
    if (this.remaining !== undefined) this.remaining -= amount;
  }

  /**
   * Milliseconds until `amount` may be spent: 0 now, a positive delay until the reset, or
   * Infinity until a response in flight (`awaited`) reports again.
   */
  delayFor(amount: number, now: number, awaited: boolean): number {
    if (this.remaining === undefined || this.remaining >= amount) return 0;
    if (this.resetAt !== undefined) {
      if (now < this.resetAt) return this.resetAt - now;
      this.remaining = amount;
      this.resetAt = undefined;
      return 0;
    }
    return awaited ? Infinity : 0;
  }
}
