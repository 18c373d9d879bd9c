/** A simulated account's rate limits, enforced by the simulated server. */
export interface RateQuotaOptions {
  /** At most this many requests in any rolling second. */
  requestsPerSecond: number;
  /** At most this many prompt tokens (estimated, four characters each) in any rolling minute. */
  tokensPerMinute?: number;
}

/** Whether a request may be answered, and the rate-limit headers its response carries. */
export interface QuotaDecision {
  admitted: boolean;
  headers: Record<string, string>;
}

export interface RateQuota {
  /** Counts a request of `tokens` from a client of `provider` if the quota has room for it. */
  admit(provider: string, tokens: number): QuotaDecision;
  /** The rate-limit headers as they stand now, for a response sent later than its admission. */
  headers(provider: string): Record<string, string>;
}

interface Spent {
  at: number;
  amount: number;
}

/** A rolling window of spending: how much is spent in it, and when its oldest spending leaves it. */
class RollingWindow {
  private readonly spent: Spent[] = [];

  constructor(
    readonly limit: number,
    private readonly lengthMs: number,
  ) {}

  used(now: number): number {
    while (this.spent.length > 0 && this.spent[0].at + this.lengthMs <= now) this.spent.shift();
    return this.spent.reduce((sum, entry) => sum + entry.amount, 0);
  }

  /** Milliseconds until the oldest spending leaves the window: the earliest a refused request could retry. */
  nextRoomMs(now: number): number {
    return this.spent.length > 0 ? Math.max(0, this.spent[0].at + this.lengthMs - now) : 0;
  }

  /** Milliseconds until all spending has left the window: the budget is full again. */
  resetMs(now: number): number {
    const newest = this.spent.at(-1);
    return newest ? Math.max(0, newest.at + this.lengthMs - now) : 0;
  }

  add(amount: number, now: number): void {
    this.spent.push({ at: now, amount });
  }
}

/** `640ms`, `1.5s`, `6m0s`: OpenAI's way of writing a duration. */
export function openAiDuration(ms: number): string {
  if (ms < 1000) return `${Math.ceil(ms)}ms`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Number(((ms - minutes * 60_000) / 1000).toFixed(3));
  return minutes > 0 ? `${minutes}m${seconds}s` : `${seconds}s`;
}

interface BudgetState {
  kind: 'requests' | 'tokens';
  limit: number;
  remaining: number;
  resetMs: number;
}

/** The budgets as each provider writes them; servers of other providers send only retry-after. */
function budgetHeaders(provider: string, budgets: BudgetState[], now: number): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { kind, limit, remaining, resetMs } of budgets) {
    if (provider === 'openai') {
      headers[`x-ratelimit-limit-${kind}`] = String(limit);
      headers[`x-ratelimit-remaining-${kind}`] = String(remaining);
      headers[`x-ratelimit-reset-${kind}`] = openAiDuration(resetMs);
    } else if (provider === 'anthropic') {
      headers[`anthropic-ratelimit-${kind}-limit`] = String(limit);
      headers[`anthropic-ratelimit-${kind}-remaining`] = String(remaining);
      headers[`anthropic-ratelimit-${kind}-reset`] = new Date(now + resetMs).toISOString();
    }
  }
  return headers;
}

/**
 * A quota of `requestsPerSecond` requests (and optionally `tokensPerMinute` tokens) over rolling
 * windows. Every decision carries the provider's rate-limit headers: remaining after this
 * request, and reset when the budget is full again (as both providers document it). A refusal
 * also carries `retry-after` (whole seconds) and `retry-after-ms`: when room opens again.
 */
export function rateQuota(options: RateQuotaOptions, clock: () => number = Date.now): RateQuota {
  const windows: { kind: BudgetState['kind']; window: RollingWindow }[] = [
    { kind: 'requests', window: new RollingWindow(options.requestsPerSecond, 1000) },
  ];
  if (options.tokensPerMinute !== undefined) windows.push({ kind: 'tokens', window: new RollingWindow(options.tokensPerMinute, 60_000) });
  const headersAt = (provider: string, now: number): Record<string, string> =>
    budgetHeaders(
      provider,
      windows.map(({ kind, window }) => ({ kind, limit: window.limit, remaining: Math.max(0, window.limit - window.used(now)), resetMs: window.resetMs(now) })),
      now,
    );
  return {
    admit(provider, tokens) {
      const now = clock();
      const costOf = (kind: BudgetState['kind']): number => (kind === 'requests' ? 1 : tokens);
      const full = windows.filter(({ kind, window }) => window.used(now) + Math.min(costOf(kind), window.limit) > window.limit);
      if (full.length === 0) windows.forEach(({ kind, window }) => window.add(costOf(kind), now));
      const headers = headersAt(provider, now);
      if (full.length === 0) return { admitted: true, headers };
      const waitMs = Math.max(...full.map(({ window }) => window.nextRoomMs(now)), 1);
      return { admitted: false, headers: { ...headers, 'retry-after': String(Math.ceil(waitMs / 1000)), 'retry-after-ms': String(waitMs) } };
    },
    headers: (provider) => headersAt(provider, clock()),
  };
}
