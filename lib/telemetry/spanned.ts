import { defer, Observable } from 'rxjs';
/** A span's three ways to end; each ends it once, whichever comes first. */
export interface EndingSpan {
  end(): void;
  fail(error: unknown): void;
  cancel(): void;
}

export interface SpanHooks<S extends EndingSpan, T> {
  /** Each value, as it passes. */
  next?: (span: S, value: T) => void;
  /** Before the span ends on completion. */
  complete?: (span: S) => void;
}

/**
 * `body` as the life of a span: the span starts on subscribe and ends on complete, on error (as
 * failed) or on unsubscribe (as cancelled), so no way out of a subscription leaves it open.
 * Without a span (`open` gives none: telemetry is off) it is `body` alone, at no cost.
 */
export function spanned$<S extends EndingSpan, T>(open: () => S | undefined, body: (span: S | undefined) => Observable<T>, hooks: SpanHooks<S, T> = {}): Observable<T> {
  return new Observable<T>((subscriber) => {
    const span = open();
    if (!span) return defer(() => body(undefined)).subscribe(subscriber);
    const subscription = defer(() => body(span)).subscribe({
      next: (value) => {
        hooks.next?.(span, value);
        subscriber.next(value);
      },
      error: (error: unknown) => {
        span.fail(error);
        subscriber.error(error);
      },
      complete: () => {
        hooks.complete?.(span);
        span.end();
        subscriber.complete();
      },
    });
    return () => {
      subscription.unsubscribe();
      span.cancel();
    };
  });
}
