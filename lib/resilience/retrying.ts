import { catchError, concat, defer, of, switchMap, throwError, timer, type Observable } from 'rxjs';
import { isRetryable, ProviderError } from '../errors';
import { backoffDelay, type BackoffPolicy } from './backoff';

export interface RetryPolicy extends BackoffPolicy {
  maxRetries: number;
}

/** Emitted, in place of the failed attempt's error, just before the wait for the next attempt. */
export interface RetryNotice {
  type: 'retry-notice';
  /** The attempt about to start. */
  attempt: number;
  delayMs: number;
  error: Error;
}

/**
 * Runs `attempt$(1)`, and on a retryable error emits a RetryNotice, waits, and runs the next
 * attempt, up to `maxRetries` times. The wait is a timer inside the stream, so unsubscribing
 * during it clears it. Every provider and every run share this one operator.
 */
export function retrying<T>(attempt$: (attempt: number) => Observable<T>, policy: RetryPolicy): Observable<T | RetryNotice> {
  const run = (attempt: number): Observable<T | RetryNotice> =>
    attempt$(attempt).pipe(
      catchError((error: unknown) => {
        if (attempt > policy.maxRetries || !isRetryable(error)) return throwError(() => error);
        const requested = error instanceof ProviderError ? error.retryAfterMs : undefined;
        const delayMs = backoffDelay(attempt, policy, requested);
        const notice: RetryNotice = { type: 'retry-notice', attempt: attempt + 1, delayMs, error: error as Error };
        return concat(of(notice), timer(delayMs).pipe(switchMap(() => run(attempt + 1))));
      }),
    );
  return defer(() => run(1));
}
