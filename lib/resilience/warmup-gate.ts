import { asyncScheduler, Observable, type SchedulerLike, type Subscription } from 'rxjs';

/** How long a written prefix stays warm after its last use: Anthropic's cache lives five minutes. */
export const WARM_FOR_MS = 5 * 60_000;
/** Prefixes remembered at most; a generator sees few data sets at once. */
const MAX_PREFIXES = 256;

interface Prefix {
  /** A request is writing this prefix: it started first and its response has not begun. */
  writing: boolean;
  /** Until when the prefix is in the provider's cache, as far as this gate knows. */
  warmUntil: number;
  /** Requests held until the writer's response begins, in arrival order. */
  waiting: ((asWriter: boolean) => void)[];
}

/**
 * Holds the requests of a generator that share a prompt prefix while one of them writes it to
 * the provider's cache: the first starts at once; the others start when its response begins
 * (its first response item), which is when the service has cached the prefix, so they read it
 * instead of each paying to write it. A writer that fails or is unsubscribed before its response
 * begins hands the role to the next held request. Held requests take no limiter slot and leave
 * the queue when unsubscribed.
 */
export class WarmupGate {
  private readonly prefixes = new Map<string, Prefix>();

  constructor(private readonly scheduler: SchedulerLike = asyncScheduler) {}

  /** Requests held right now, over all prefixes. */
  get holding(): number {
    return [...this.prefixes.values()].reduce((sum, prefix) => sum + prefix.waiting.length, 0);
  }

  /** `request$`, started once its prefix (`key`) is warm or it may write it; at once without a key. */
  pass<T>(key: string | undefined, request$: Observable<T>): Observable<T> {
    if (key === undefined) return request$;
    return new Observable<T>((subscriber) => {
      const prefix = this.prefixOf(key);
      let inner: Subscription | undefined;
      let writing = false;
      const settle = (warmed: boolean): void => {
        if (!writing) return;
        writing = false;
        if (warmed) this.warmed(prefix);
        else this.writerGone(prefix);
      };
      const start = (asWriter: boolean): void => {
        writing = asWriter;
        if (asWriter) prefix.writing = true;
        inner = request$.subscribe({
          next: (value) => {
            settle(true);
            subscriber.next(value);
          },
          error: (error: unknown) => {
            settle(false);
            subscriber.error(error);
          },
          complete: () => {
            settle(true);
            subscriber.complete();
          },
        });
      };
      if (this.isWarm(prefix)) start(false);
      else if (!prefix.writing) start(true);
      else prefix.waiting.push(start);
      return () => {
        const index = prefix.waiting.indexOf(start);
        if (index >= 0) prefix.waiting.splice(index, 1);
        inner?.unsubscribe();
        settle(false);
      };
    });
  }

  private prefixOf(key: string): Prefix {
    const known = this.prefixes.get(key);
    if (known) return known;
    if (this.prefixes.size >= MAX_PREFIXES) this.forgetIdle();
    const prefix: Prefix = { writing: false, warmUntil: 0, waiting: [] };
    this.prefixes.set(key, prefix);
    return prefix;
  }

  private isWarm(prefix: Prefix): boolean {
    const now = this.scheduler.now();
    if (prefix.warmUntil <= now) return false;
    // Every read keeps the entry alive at the provider.
    prefix.warmUntil = now + WARM_FOR_MS;
    return true;
  }

  /** The writer's response began: the prefix is cached, and everyone held for it goes. */
  private warmed(prefix: Prefix): void {
    prefix.writing = false;
    prefix.warmUntil = this.scheduler.now() + WARM_FOR_MS;
    for (const start of prefix.waiting.splice(0)) start(false);
  }

  /** The writer ended before its response began: the next held request writes instead. */
  private writerGone(prefix: Prefix): void {
    prefix.writing = false;
    prefix.waiting.shift()?.(true);
  }

  private forgetIdle(): void {
    const now = this.scheduler.now();
    for (const [key, prefix] of this.prefixes) {
      if (!prefix.writing && prefix.waiting.length === 0 && prefix.warmUntil <= now) this.prefixes.delete(key);
    }
  }
}
