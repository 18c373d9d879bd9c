import { asyncScheduler, isObservable, Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { ResponseHead } from '../transport/http-request';
import { AdaptiveWindow } from './aimd';
import { rateLimitReport } from './rate-limit-headers';
import { ServerBudget } from './server-budget';
import { TokenBucket } from './token-bucket';

/** Handed to each request the limiter starts, for it to report what came back. */
export interface RequestTicket {
  /** The response's status and headers, as soon as they arrive. */
  readonly onResponse: (head: ResponseHead) => void;
  /** The tokens the request really used, once known, to correct the estimate it was charged. */
  readonly onUsage: (tokens: number) => void;
}

export interface LimiterOptions {
  maxConcurrentRequests: number;
  /** Read rate-limit headers, hold requests the budget cannot pay for, and narrow on 429s (AIMD). */
  adaptive: boolean;
  /** A budget the caller knows, enforced before anything is sent. */
  rateLimit?: { requestsPerMinute?: number; tokensPerMinute?: number };
  /** Time and timers; virtual in marble tests. */
  scheduler?: SchedulerLike;
}

interface Admitted {
  ticket: RequestTicket;
  /** Frees the slot; safe to call more than once. */
  release: () => void;
}

interface Waiting {
  tokens: number;
  start: () => void;
}

/**
 * The one gate every request of a generator passes, FIFO: at most `maxConcurrentRequests` at
 * once or, adaptive, as many as an AdaptiveWindow allows (narrowed by 429s, widened by successes);
 * with a `rateLimit`, no faster than it allows; adaptive, never while the account's budget (as
 * the last response reported it) is spent or the server asked to wait. A request waiting for a
 * slot or a reset leaves the queue when unsubscribed, and the wake-up timer goes with the last.
 */
export class ConcurrencyLimiter {
  readonly limit: number;
  private readonly adaptive: boolean;
  private readonly scheduler: SchedulerLike;
  /** Absent when not adaptive: then `limit` slots, always. */
  private readonly window?: AdaptiveWindow;
  private active = 0;
  private readonly queue: Waiting[] = [];
  private wake: { at: number; subscription: Subscription } | undefined;
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

  constructor(options: LimiterOptions | number) {
    const { maxConcurrentRequests, adaptive, rateLimit, scheduler } =
      typeof options === 'number' ? { maxConcurrentRequests: options, adaptive: false } : options;
    this.limit = maxConcurrentRequests;
    if (adaptive) this.window = new AdaptiveWindow(maxConcurrentRequests);
    this.adaptive = adaptive;
    this.scheduler = scheduler ?? asyncScheduler;
    const now = this.scheduler.now();
    // Requests one at a time at an even pace; tokens with a second's worth of slack.
    if (rateLimit?.requestsPerMinute) this.requestBucket = new TokenBucket(rateLimit.requestsPerMinute, 1, now);
    if (rateLimit?.tokensPerMinute) this.tokenBucket = new TokenBucket(rateLimit.tokensPerMinute, Math.max(1, rateLimit.tokensPerMinute / 60), now);
  }

  get running(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** How many requests may run at once right now. */
  get concurrency(): number {
    return this.window?.slots ?? this.limit;
  }

  /**
   * Subscribes `request` once it may start. A function gets a ticket to report the response
   * head and usage through; `tokens` is what the request is expected to spend.
   */
  run<T>(request: Observable<T> | ((ticket: RequestTicket) => Observable<T>), tokens = 0): Observable<T> {
    return new Observable<T>((subscriber) => {
      let admitted: Admitted | undefined;
      let inner: Subscription | undefined;
      const entry: Waiting = {
        tokens,
        start: () => {
          const started = this.admit(tokens);
          admitted = started;
          inner = (isObservable(request) ? request : request(started.ticket)).subscribe({
            next: (value) => subscriber.next(value),
            error: (error: unknown) => {
              started.release();
              subscriber.error(error);
            },
            complete: () => {
              started.release();
              subscriber.complete();
            },
          });
        },
      };
      this.queue.push(entry);
      this.pump();
      return () => {
        if (admitted) {
          inner?.unsubscribe();
          admitted.release();
          return;
        }
        const index = this.queue.indexOf(entry);
        if (index >= 0) this.queue.splice(index, 1);
        this.pump();
      };
    });
  }

  /** Counts a request as started and spends its budgets; returns its ticket and its release. */
  private admit(tokens: number): Admitted {
    const now = this.scheduler.now();
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
        this.observe(head, number, epoch);
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
      this.pump();
    };
    return { ticket, release };
  }

  private observe(head: ResponseHead, number: number, epoch: number): void {
    if (!this.adaptive) return;
    const now = this.scheduler.now();
    const report = rateLimitReport(head.headers, now);
    if (report.retryAfterMs !== undefined && head.status >= 400) this.holdUntil = Math.max(this.holdUntil, now + report.retryAfterMs);
    if (head.status === 429) {
      if (epoch === this.epoch) {
        this.window?.narrow();
        this.epoch += 1;
      }
    } else if (head.status < 300) {
      this.window?.widen();
    }
    if (number > this.reportedUpTo) {
      this.reportedUpTo = number;
      const spentSince = this.started - number;
      if (report.requests) this.requestBudget.report(report.requests, spentSince, now);
      else this.requestBudget.clear();
      if (report.tokens) this.tokenBudget.report(report.tokens, 0, now);
      else this.tokenBudget.clear();
    }
    this.pump();
  }

  /** Milliseconds until `next` may start: 0 now, Infinity until a slot frees or a response reports. */
  private delayFor(next: Waiting, now: number): number {
    if (this.active >= this.concurrency) return Infinity;
    const awaited = this.awaitingHeads > 0;
    return Math.max(
      this.holdUntil - now,
      this.requestBucket?.delayFor(1, now) ?? 0,
      this.tokenBucket?.delayFor(next.tokens, now) ?? 0,
      this.adaptive ? this.requestBudget.delayFor(1, now, awaited) : 0,
      this.adaptive ? this.tokenBudget.delayFor(next.tokens, now, awaited) : 0,
      0,
    );
  }

  /** Starts queued requests, in order, while they may start; sets one timer for the first that must wait. */
  private pump(): void {
    const now = this.scheduler.now();
    while (this.queue.length > 0) {
      const delay = this.delayFor(this.queue[0], now);
      if (delay > 0) {
        this.wakeIn(delay, now);
        return;
      }
      this.queue.shift()?.start();
    }
    this.wakeIn(Infinity, now);
  }

  private wakeIn(delay: number, now: number): void {
    const at = now + delay;
    if (this.wake && this.wake.at === at) return;
    this.wake?.subscription.unsubscribe();
    this.wake = undefined;
    if (!Number.isFinite(delay)) return;
    this.wake = {
      at,
      subscription: this.scheduler.schedule(() => {
        this.wake = undefined;
        this.pump();
      }, delay),
    };
  }
}
