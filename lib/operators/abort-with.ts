import { defer, fromEvent, identity, map, takeUntil, throwError, type MonoTypeOperatorFunction } from 'rxjs';
import { CancellationError } from '../errors';

/** Fails the source with CancellationError when `signal` aborts (at once if it already has). */
export function abortWith<T>(signal: AbortSignal | undefined): MonoTypeOperatorFunction<T> {
  if (!signal) return identity;
  return (source) =>
    defer(() =>
      signal.aborted
        ? throwError(() => new CancellationError(signal.reason))
        : source.pipe(
            takeUntil(
              fromEvent(signal, 'abort').pipe(
                map(() => {
                  throw new CancellationError(signal.reason);
                }),
              ),
            ),
          ),
    );
}
