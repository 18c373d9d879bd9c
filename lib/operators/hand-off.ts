import { Observable, Subscription, type OperatorFunction } from 'rxjs';

/** A stage's output, passed to the next stage inside the event stream rather than beside it. */
export interface Handoff<T> {
  type: 'handoff';
  value: T;
}

export function handoff<T>(value: T): Handoff<T> {
  return { type: 'handoff', value };
}

/**
 * Runs `next` on the handoff of the stage before, in its place: the stage's events pass through
 * untouched, and the stream completes when both have. A stream without a handoff (stopped
 * early) just completes.
 */
export function thenStage<E extends { type: string }, T, R>(next: (value: T) => Observable<R>): OperatorFunction<E | Handoff<T>, Exclude<E, Handoff<T>> | R> {
  return (source) =>
    new Observable<Exclude<E, Handoff<T>> | R>((subscriber) => {
      const subscriptions = new Subscription();
      let running = 1;
      const done = (): void => {
        running -= 1;
        if (running === 0) subscriber.complete();
      };
      const forward = {
        next: (value: R) => subscriber.next(value),
        error: (error: unknown) => subscriber.error(error),
        complete: done,
      };
      subscriptions.add(
        source.subscribe({
          next: (item) => {
            if (item.type !== 'handoff') {
              subscriber.next(item as Exclude<E, Handoff<T>>);
              return;
            }
            running += 1;
            let next$: Observable<R>;
            try {
              next$ = next((item as Handoff<T>).value);
            } catch (error) {
              subscriber.error(error);
              return;
            }
            subscriptions.add(next$.subscribe(forward));
          },
          error: (error: unknown) => subscriber.error(error),
          complete: done,
        }),
      );
      return subscriptions;
    });
}
