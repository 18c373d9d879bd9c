import { identity, map, takeUntil, timer, type MonoTypeOperatorFunction } from 'rxjs';

/**
 * Fails the source with `error()` if it has not finished `ms` after subscription: takeUntil on a
 * timer that throws, so the timer lives exactly as long as the source does.
 */
export function deadline<T>(ms: number | undefined, error: () => Error): MonoTypeOperatorFunction<T> {
  if (!ms) return identity; // 0 or nothing: no limit
  return takeUntil(
    timer(ms).pipe(
      map(() => {
        throw error();
      }),
    ),
  );
}
