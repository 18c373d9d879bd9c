import { Observable, type OperatorFunction } from 'rxjs';

/**
 * mergeMap for a projection that returns an array, without an inner subscription per value: the
 * hot path of a stream (a frame or a token every few bytes) is too busy for one. `last` may add
 * values when the source completes (a parser's buffered rest).
 */
export function flatMapSync<T, R>(project: (value: T) => readonly R[], last?: () => readonly R[]): OperatorFunction<T, R> {
  return (source) =>
    new Observable<R>((subscriber) => {
      const emit = (produce: () => readonly R[]): boolean => {
        let results: readonly R[];
        try {
          results = produce();
        } catch (error) {
          subscriber.error(error);
          return false;
        }
        for (const result of results) subscriber.next(result);
        return true;
      };
      return source.subscribe({
        next: (value) => emit(() => project(value)),
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          if (!last || emit(last)) subscriber.complete();
        },
      });
    });
}
