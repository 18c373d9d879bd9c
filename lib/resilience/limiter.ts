import { Observable } from 'rxjs';

/**
 * A FIFO concurrency limit for Observables: at most `limit` sources subscribed at once, the rest
 * queued in order. Unsubscribing while queued leaves the queue without ever subscribing the
 * source, and finishing in any way frees the slot for the next in line.
 */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(readonly limit: number) {}

  get running(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length;
  }

  run<T>(source: Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      let started = false;
      let released = false;
      let inner: { unsubscribe(): void } | undefined;

      const release = (): void => {
        if (released) return;
        released = true;
        this.active -= 1;
        this.queue.shift()?.();
      };
      const start = (): void => {
        started = true;
        this.active += 1;
        inner = source.subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            release();
            subscriber.error(error);
          },
          complete: () => {
            release();
            subscriber.complete();
          },
        });
      };

      if (this.active < this.limit) start();
      else this.queue.push(start);

      return () => {
        if (started) {
          inner?.unsubscribe();
          release();
        } else {
          const index = this.queue.indexOf(start);
          if (index >= 0) this.queue.splice(index, 1);
        }
      };
    });
  }
}
