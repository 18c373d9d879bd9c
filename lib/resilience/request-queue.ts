import type { SchedulerLike, Subscription } from 'rxjs';

/** A request waiting its turn: what it is expected to spend, and how to start it. */
export interface Waiting {
  tokens: number;
  start: () => void;
}

/**
 * Requests waiting to start, first come first served. `pump` starts them in order while
 * `delayFor` says the first may go now, and otherwise keeps one timer for when it may: a request
 * that leaves takes nothing with it, and the timer goes with the last.
 */
export class RequestQueue {
  private readonly entries: Waiting[] = [];
  private wake: { at: number; subscription: Subscription } | undefined;

  constructor(
    private readonly scheduler: SchedulerLike,
    /** Milliseconds until a request may start: 0 now, Infinity until something else changes. */
    private readonly delayFor: (next: Waiting, now: number) => number,
  ) {}

  get length(): number {
    return this.entries.length;
  }

  add(entry: Waiting): void {
    this.entries.push(entry);
    this.pump();
  }

  remove(entry: Waiting): void {
    const index = this.entries.indexOf(entry);
    if (index >= 0) this.entries.splice(index, 1);
    this.pump();
  }

  /** Starts queued requests, in order, while they may start; sets one timer for the first that must wait. */
  pump(): void {
    const now = this.scheduler.now();
    while (this.entries.length > 0) {
      const delay = this.delayFor(this.entries[0], now);
      if (delay > 0) {
        this.wakeIn(delay, now);
        return;
      }
      this.entries.shift()?.start();
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
