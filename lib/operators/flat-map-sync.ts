import { Observable, type OperatorFunction } from 'rxjs';

/**
 * mergeMap for a projection that returns an array, without an inner subscription per value: the
 * hot path of a stream (a frame or a token every few bytes) is too busy for one.
 */
export function flatMapSync<T, R>(project: (value: T) => readonly R[]): OperatorFunction<T, R> {
  return (source) =>
    new Observable<R>((subscriber) =>
      source.subscribe({
        next: (value) => {
          let results: readonly R[];
          try {
            results = project(value);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          for (const result of results) subscriber.next(result);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    );
}
