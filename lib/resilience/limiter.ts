import { asyncScheduler, isObservable, Observable, type SchedulerLike, type Subscription } from 'rxjs';
import { AdmissionPolicy, type Admitted, type AdmissionOptions, type RequestTicket } from './admission';
import { RequestQueue, type Waiting } from './request-queue';

export type { RequestTicket } from './admission';

export interface LimiterOptions extends AdmissionOptions {
  /** Time and timers; virtual in marble tests. */
  scheduler?: SchedulerLike;
}

/**
 * The one gate every request of a generator passes: a FIFO queue in front of an admission
 * policy (slots, paces, the server's budgets). A request waiting for a slot or a reset leaves the
 * queue when unsubscribed.
 */
export class ConcurrencyLimiter {
  private readonly policy: AdmissionPolicy;
  private readonly queue: RequestQueue;

  constructor(options: LimiterOptions | number) {
    const { scheduler = asyncScheduler, ...admission } =
      typeof options === 'number' ? { maxConcurrentRequests: options, adaptive: false } : options;
    this.queue = new RequestQueue(scheduler, (next, now) => this.policy.delayFor(next.tokens, now));
    this.policy = new AdmissionPolicy(admission, () => scheduler.now(), () => this.queue.pump());
  }

  get limit(): number {
    return this.policy.limit;
  }

  get running(): number {
    return this.policy.running;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** How many requests may run at once right now. */
  get concurrency(): number {
    return this.policy.concurrency;
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
          const started = this.policy.admit(tokens);
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
      this.queue.add(entry);
      return () => {
        if (!admitted) return this.queue.remove(entry);
        inner?.unsubscribe();
        admitted.release();
      };
    });
  }
}
