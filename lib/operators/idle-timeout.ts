import { asyncScheduler, identity, Observable, type MonoTypeOperatorFunction, type Subscription } from 'rxjs';

/**
 * Fails the source with `error()` once it has been silent for `ms`. A value only records when it
 * arrived; one timer, re-armed when it fires early, checks that time. A busy stream therefore costs
 * a clock read per value rather than a timer per value.
 */
export function idleTimeout<T>(ms: number | undefined, error: () => Error): MonoTypeOperatorFunction<T> {
  if (!ms) return identity; // 0 or nothing: no limit
  return (source) =>
    new Observable<T>((subscriber) => {
      let lastActivity = asyncScheduler.now();
      let timer: Subscription;
      const check = (): void => {
        const silentMs = asyncScheduler.now() - lastActivity;
        if (silentMs >= ms) subscriber.error(error());
        else timer = asyncScheduler.schedule(check, ms - silentMs);
      };
      timer = asyncScheduler.schedule(check, ms);
      const subscription = source.subscribe({
        next: (value) => {
          lastActivity = asyncScheduler.now();
          subscriber.next(value);
        },
        error: (failure: unknown) => subscriber.error(failure),
        complete: () => subscriber.complete(),
      });
      return () => {
        timer.unsubscribe();
        subscription.unsubscribe();
      };
    });
}
