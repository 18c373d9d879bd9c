import { lastValueFrom, type Observable } from 'rxjs';
import { abortWith } from '../resilience/abort-with';
import type { PromiseAdapterOptions } from './adapter-options';

/** What the Promise form of a single-value operation (estimates, experiments, data) accepts. */
export type OperationOptions = Pick<PromiseAdapterOptions, 'signal' | 'cancellationToken'>;

/**
 * The Promise form of an operation that emits one value and completes: `signal` or
 * `cancellationToken` unsubscribe it (releasing what it holds) and reject with CancellationError.
 */
export function operationPromise<T>(operation$: Observable<T>, options: OperationOptions): Promise<T> {
  return lastValueFrom(operation$.pipe(abortWith(options.signal), abortWith(options.cancellationToken?.signal)));
}
