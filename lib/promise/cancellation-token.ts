import { fromEvent, map, Observable, of, take } from 'rxjs';

/**
 * Cancels one or many operations: pass it (or its `signal`) to any Promise adapter, or pipe
 * `takeUntil(token.cancelled$)` into an Observable. Cancelling twice keeps the first reason.
 */
export class CancellationToken {
  readonly #controller = new AbortController();

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get isCancelled(): boolean {
    return this.#controller.signal.aborted;
  }

  get reason(): unknown {
    return this.#controller.signal.reason;
  }

  /** Emits the reason once when cancelled (at once if it already is), then completes. */
  readonly cancelled$: Observable<unknown> = new Observable<unknown>((subscriber) => {
    const signal = this.#controller.signal;
    const source = signal.aborted ? of(signal.reason) : fromEvent(signal, 'abort').pipe(take(1), map(() => signal.reason));
    return source.subscribe(subscriber);
  });

  cancel(reason?: unknown): void {
    this.#controller.abort(reason ?? 'cancelled');
  }
}
