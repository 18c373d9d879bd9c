import { lastValueFrom, throwIfEmpty, type Observable } from 'rxjs';
import { CancellationError } from '../errors';
import { abortWith } from '../resilience/abort-with';
import type { PromiseAdapterOptions } from './adapter-options';

/** What the Promise form of a single-value operation (estimates, experiments, data) accepts. */
export type OperationOptions = Pick<PromiseAdapterOptions, 'signal' | 'cancellationToken'>;

/**
 * The Promise form of an operation that emits one value and completes: `signal` or
 * `cancellationToken` unsubscribe it (releasing what it holds) and reject with CancellationError.
 * A stream that completes without its value was stopped early (a `takeUntil`, a `take(0)`): that
 * too is a cancellation, not rxjs's EmptyError, so every rejection stays a PersonaError.
 */
export function operationPromise<T>(operation$: Observable<T>, options: OperationOptions): Promise<T> {
  return lastValueFrom(
    operation$.pipe(
      abortWith(options.signal),
      abortWith(options.cancellationToken?.signal),
      throwIfEmpty(() => new CancellationError('the operation completed without its value')),
    ),
  );
}
