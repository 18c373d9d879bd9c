import type { ResponseHead } from '../transport/http-request';
import { AdaptiveWindow } from './aimd';
import { rateLimitReport, type RateLimitReport } from './rate-limit-headers';
import { ServerBudget } from './server-budget';
import { TokenBucket } from './token-bucket';

/** Handed to each request the limiter starts, for it to report what came back. */
export interface RequestTicket {
  /** The response's status and headers, as soon as they arrive. */
  readonly onResponse: (head: ResponseHead) => void;
  /** The tokens the request really used, once known, to correct the estimate it was charged. */
  readonly onUsage: (tokens: number) => void;
}

export interface AdmissionOptions {
  maxConcurrentRequests: number;
  /** Read rate-limit headers, hold requests the budget cannot pay for, and narrow on 429s (AIMD). */
  adaptive: boolean;
  /** A budget the caller knows, enforced before anything is sent. */
  rateLimit?: { requestsPerMinute?: number; tokensPerMinute?: number };
}

export interface Admitted {
  ticket: RequestTicket;
  /** Frees the slot; safe to call more than once. */
  release: () => void;
}

/**
 * Decides when the next request may start: at most `maxConcurrentRequests` at once or, adaptive,
 * as many as an AdaptiveWindow allows; with a `rateLimit`, no faster than it allows; adaptive,
 * never while the account's budget (as the last response reported it) is spent or the server
 * asked to wait. It keeps no queue: `changed` is called whenever a waiting request might now start.
 */
export class AdmissionPolicy {
  readonly limit: number;
  private readonly adaptive: boolean;
  /** Absent when not adaptive: then `limit` slots, always. */
  private readonly window?: AdaptiveWindow;
  private active = 0;
  /** Starts so far; each request's number tells how many started after it. */
  private started = 0;
  /** The newest request whose response reported budgets: older reports are stale. */
  private reportedUpTo = 0;
  /** Requests started whose response head has not arrived. */
  private awaitingHeads = 0;
  /** Bumped on every narrowing, so that one burst of 429s narrows once. */
  private epoch = 0;
  private holdUntil = 0;
  private readonly requestBudget = new ServerBudget();
  private readonly tokenBudget = new ServerBudget();
  private readonly requestBucket?: TokenBucket;
  private readonly tokenBucket?: TokenBucket;

  constructor(
    { maxConcurrentRequests, adaptive, rateLimit }: AdmissionOptions,
    private readonly clock: () => number,
    private readonly changed: () => void,
  ) {
    const now = clock();
    this.limit = maxConcurrentRequests;
    this.adaptive = adaptive;
    if (adaptive) this.window = new AdaptiveWindow(maxConcurrentRequests);
    // Requests one at a time at an even pace; tokens with a second's worth of slack.
    if (rateLimit?.requestsPerMinute) this.requestBucket = new TokenBucket(rateLimit.requestsPerMinute, 1, now);
    if (rateLimit?.tokensPerMinute) this.tokenBucket = new TokenBucket(rateLimit.tokensPerMinute, Math.max(1, rateLimit.tokensPerMinute / 60), now);
  }

  get running(): number {
    return this.active;
  }

  /** How many requests may run at once right now. */
  get concurrency(): number {
    return this.window?.slots ?? this.limit;
  }

  /** Milliseconds until a request expected to spend `tokens` may start: 0 now, Infinity until a slot frees or a response reports. */
  delayFor(tokens: number, now: number): number {
    if (this.active >= this.concurrency) return Infinity;
    const awaited = this.awaitingHeads > 0;
    return Math.max(
      this.holdUntil - now,
      this.requestBucket?.delayFor(1, now) ?? 0,
      this.tokenBucket?.delayFor(tokens, now) ?? 0,
      this.adaptive ? this.requestBudget.delayFor(1, now, awaited) : 0,
      this.adaptive ? this.tokenBudget.delayFor(tokens, now, awaited) : 0,
      0,
    );
  }

  /** Counts a request as started and spends its budgets; returns its ticket and its release. */
  admit(tokens: number): Admitted {
    const now = this.clock();
    this.active += 1;
    this.awaitingHeads += 1;
    this.started += 1;
    const number = this.started;
    const epoch = this.epoch;
    let headSeen = false;
    let released = false;
    let charged = tokens;
    this.requestBucket?.take(1, now);
    this.tokenBucket?.take(tokens, now);
    this.requestBudget.spend(1);
    this.tokenBudget.spend(tokens);
    const ticket: RequestTicket = {
      onResponse: (head) => {
        if (headSeen || released) return;
        headSeen = true;
        this.awaitingHeads -= 1;
        this.observe(head, { number, epoch, tokens }, this.clock());
      },
      onUsage: (used) => {
        if (released) return;
        this.tokenBucket?.refund(charged - used);
        charged = used;
      },
    };
    const release = (): void => {
      if (released) return;
      released = true;
      this.active -= 1;
      if (!headSeen) this.awaitingHeads -= 1;
      this.changed();
    };
    return { ticket, release };
  }

  private observe(head: ResponseHead, request: { number: number; epoch: number; tokens: number }, now: number): void {
    if (!this.adaptive) return;
    const report = rateLimitReport(head.headers, now);
    if (report.retryAfterMs !== undefined && head.status >= 400) this.holdUntil = Math.max(this.holdUntil, now + report.retryAfterMs);
    if (head.status === 429) {
      if (request.epoch === this.epoch) {
        this.window?.narrow();
        this.epoch += 1;
      }
    } else if (head.status < 300) {
      this.window?.widen();
      this.window?.open(allowance(report, request.tokens));
    }
    if (request.number > this.reportedUpTo) {
      this.reportedUpTo = request.number;
      const spentSince = this.started - request.number;
      if (report.requests) this.requestBudget.report(report.requests, spentSince, now);
      else this.requestBudget.clear();
      if (report.tokens) this.tokenBudget.report(report.tokens, 0, now);
      else this.tokenBudget.clear();
    }
    this.changed();
  }
}

/**
 * How many requests like this one a success says may run at once: as many as the reported
 * budgets pay for, or, when the provider reports none, no bound of its own (Infinity).
 */
function allowance({ requests, tokens }: RateLimitReport, requestTokens: number): number {
  const byRequests = requests?.remaining ?? Infinity;
  const byTokens = tokens && requestTokens > 0 ? Math.floor(tokens.remaining / requestTokens) : Infinity;
  return Math.min(byRequests, byTokens);
}
