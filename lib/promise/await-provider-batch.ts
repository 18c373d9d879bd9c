import { concatMap, ignoreElements, lastValueFrom, tap, type Observable } from 'rxjs';
import type { ProviderBatchEvent } from '../events/provider-batch-event';
import type { ProviderBatchOptions } from '../schemas/provider-batch-options';
import { abortWith } from '../operators/abort-with';
import type { BatchOutcome } from '../events/batch-outcome';
import type { CancellationToken } from './cancellation-token';

/** Called with each event of a provider batch (`submitted` first, with the id to keep), awaited in order. */
export type ProviderBatchCallback = (event: ProviderBatchEvent) => void | Promise<void>;

/** `asubmitBatch` / `aresumeBatch` options: those of `submitBatch$`, a token, and a callback for the events. */
export interface AsyncProviderBatchOptions extends ProviderBatchOptions {
  cancellationToken?: CancellationToken;
  progressCallback?: ProviderBatchCallback;
}

/**
 * Awaits a provider batch: one outcome per config, in input order. The token, like the signal,
 * rejects with CancellationError and cancels the remote batch (unless `cancelOnUnsubscribe: false`);
 * a callback that throws does the same and rejects with its error.
 */
export async function awaitProviderBatch(
  batch: (options: ProviderBatchOptions) => Observable<ProviderBatchEvent>,
  options: AsyncProviderBatchOptions,
): Promise<BatchOutcome[]> {
  const { cancellationToken, progressCallback, ...batchOptions } = options;
  const outcomes: BatchOutcome[] = [];
  const events$ = batch(batchOptions).pipe(
    abortWith(cancellationToken?.signal),
    concatMap(async (event) => {
      await progressCallback?.(event);
      return event;
    }),
    tap((event) => {
      if (event.type === 'job') outcomes[event.job] = event.outcome;
    }),
  );
  await lastValueFrom(events$.pipe(ignoreElements()), { defaultValue: undefined });
  return outcomes;
}
