import { Observable } from 'rxjs';

/**
 * A cold Observable of one async task that takes an AbortSignal: the task starts on subscribe,
 * emits its value and completes; unsubscribing aborts the signal so that the task stops at its
 * next check and cleans up after itself.
 */
export function fromAbortable<T>(task: (signal: AbortSignal) => Promise<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    const controller = new AbortController();
    task(controller.signal).then(
      (value) => {
        subscriber.next(value);
        subscriber.complete();
      },
      (error: unknown) => subscriber.error(error),
    );
    return () => controller.abort();
  });
}
