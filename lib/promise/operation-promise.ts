import { defer, lastValueFrom, throwIfEmpty, type Observable } from 'rxjs';
import type { z } from 'zod';
import { CancellationError } from '../errors';
import { abortWith } from '../operators/abort-with';
import { parseOrThrow } from '../schemas/validate';
import { OperationOptionsSchema } from './adapter-options';

/** What the Promise form of a single-value operation (estimates, experiments, data) accepts. */
export type OperationOptions = z.input<typeof OperationOptionsSchema>;

/**
 * The Promise form of an operation that emits one value and completes: `signal` or
 * `cancellationToken` unsubscribe it (releasing what it holds) and reject with CancellationError.
 * A stream that completes without its value was stopped early (a `takeUntil`, a `take(0)`): that
 * too is a cancellation, not rxjs's EmptyError, so every rejection stays a PersonaError.
 * Options of the wrong type reject with ConfigurationError before the operation starts.
 */
export function operationPromise<T>(operation$: Observable<T>, options: OperationOptions): Promise<T> {
  return lastValueFrom(
    defer(() => {
      const { signal, cancellationToken } = parseOrThrow(OperationOptionsSchema, options, 'options');
      return operation$.pipe(
        abortWith(signal),
        abortWith(cancellationToken?.signal),
        throwIfEmpty(() => new CancellationError('the operation completed without its value')),
      );
    }),
  );
}
