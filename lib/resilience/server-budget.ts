import type { BudgetReport } from './rate-limit-headers';

/**
 * What the server has left of one budget, as last reported, minus what was spent since. Until
 * the reported reset the budget only shrinks. At the reset it is full again (the providers
 * document `reset` as the time until the budget is back to its limit) less what was spent after
 * the report; without a known limit, one probe may go and learn the new figure.
 */
export class ServerBudget {
  private remaining: number | undefined;
  private resetAt: number | undefined;
  private limit: number | undefined;
  private spentSinceReport = 0;

  /**
   * A report that arrived at `now` from the response to a request after which `spentSince` more
   * was spent. Timing the reset from the report's arrival errs late, never early.
   */
  report(report: BudgetReport, spentSince: number, now: number): void {
    this.remaining = report.remaining - spentSince;
    this.resetAt = report.resetMs === undefined ? undefined : now + report.resetMs;
    this.limit = report.limit;
    this.spentSinceReport = spentSince;
  }

  /** Forgets the figure: the server stopped reporting it. */
  clear(): void {
    this.remaining = undefined;
    this.resetAt = undefined;
  }

  spend(amount: number): void {
    if (this.remaining === undefined) return;
    this.remaining -= amount;
    this.spentSinceReport += amount;
  }

  /**
   * Milliseconds until `amount` may be spent: 0 now, a positive delay until the reset, or
   * Infinity until a response in flight (`awaited`) reports again.
   */
  delayFor(amount: number, now: number, awaited: boolean): number {
    if (this.remaining === undefined || this.remaining >= amount) return 0;
    if (this.resetAt !== undefined) {
      if (now < this.resetAt) return this.resetAt - now;
      this.remaining = this.limit === undefined ? amount : this.limit - this.spentSinceReport;
      this.resetAt = undefined;
      if (this.remaining >= amount) return 0;
    }
    return awaited ? Infinity : 0;
  }
}
