import { connect, map, scan, startWith, takeUntil, timer, withLatestFrom, type MonoTypeOperatorFunction } from 'rxjs';

/**
 * Fails the source with `error(state)` if it has not finished `ms` after subscription, where the
 * state is scanned from the values seen so far (the stage a run had reached, say). The timer lives
 * exactly as long as the source does.
 */
export function deadlineNaming<T, S>(ms: number, step: (state: S, value: T) => S, seed: S, error: (state: S) => Error): MonoTypeOperatorFunction<T> {
  return connect((shared$) => {
    const state$ = shared$.pipe(scan(step, seed), startWith(seed));
    const expired$ = timer(ms).pipe(
      withLatestFrom(state$),
      map(([, state]) => {
        throw error(state);
      }),
    );
    return shared$.pipe(takeUntil(expired$));
  });
}
