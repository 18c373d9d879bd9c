import { concatMap, ignoreElements, lastValueFrom, tap, type Observable } from 'rxjs';
import type { SettledBatchEvent } from '../events/batch-event';
import type { BatchOutcome } from '../events/batch-outcome';
import { batchProgress, type BatchProgress } from '../operators/batch-progress';
import type { BatchInput } from '../generation/generate-all';
import { abortWith } from '../operators/abort-with';
import type { BatchOptions } from '../schemas/batch-options';
import type { GenerationResult } from '../schemas/result';
import { parseOrThrow } from '../schemas/validate';
import { callbackSchema, OperationOptionsSchema } from './adapter-options';
import type { CancellationToken } from './cancellation-token';

/**
 * Called each time the batch advances, awaited one call at a time, in order: `finished` jobs
 * (done + failed) of `total` (undefined when the configs come as an Observable).
 */
export type BatchProgressCallback = (finished: number, total: number | undefined, progress: BatchProgress) => void | Promise<void>;

/** The options `agenerateBatch` adds to those `generateAll$` checks itself. */
const AwaitBatchOptionsSchema = OperationOptionsSchema.pick({ cancellationToken: true }).extend({
  progressCallback: callbackSchema<BatchProgressCallback>().optional(),
});

/**
 * `agenerateBatch` options: those of `generateAll$` (`concurrency`, `mode`, `jobTimeoutMs`, and
 * `timeoutMs` and `signal` for the whole batch) plus a cancellation token and a progress callback.
 */
export interface AsyncBatchOptions extends BatchOptions {
  cancellationToken?: CancellationToken;
  progressCallback?: BatchProgressCallback;
}

/** Whatever runs batches the way `generateAll$` does: a generator, or a queue of workers. */
export interface BatchSource<C extends BatchInput> {
  generateAll$(configs: C, options: BatchOptions): Observable<SettledBatchEvent>;
}

/**
 * Awaits a batch: results (or, in `settle`, outcomes) in input order, whatever order the jobs
 * finish in. Only results are kept, never events. A throwing callback cancels the batch and the
 * Promise rejects with its error; the token rejects it with CancellationError.
 */
export async function awaitBatch<C extends BatchInput>(
  generator: BatchSource<C>,
  configs: C,
  options: AsyncBatchOptions,
): Promise<GenerationResult[] | BatchOutcome[]> {
  const { cancellationToken: _token, progressCallback: _callback, ...batchOptions } = options;
  const { cancellationToken, progressCallback } = parseOrThrow(AwaitBatchOptionsSchema, options, 'batch options');
  const settle = options.mode === 'settle';
  const results: GenerationResult[] = [];
  const outcomes: BatchOutcome[] = [];
  const events$ = generator.generateAll$(configs, batchOptions).pipe(
    abortWith(cancellationToken?.signal),
    tap(({ job, event }) => {
      if (event.type === 'failed') outcomes[job] = { status: 'rejected', reason: event.error };
      if (event.type !== 'result') return;
      if (settle) outcomes[job] = { status: 'fulfilled', value: event.result };
      else results[job] = event.result;
    }),
  );
  const total = Array.isArray(configs) ? configs.length : undefined;
  await lastValueFrom(reportProgress(events$, progressCallback, total).pipe(ignoreElements()), { defaultValue: undefined });
  return settle ? outcomes : results;
}

function reportProgress(
  events$: Observable<SettledBatchEvent>,
  callback: BatchProgressCallback | undefined,
  total: number | undefined,
): Observable<unknown> {
  if (!callback) return events$;
  return events$.pipe(
    batchProgress({ total }),
    concatMap(async (progress) => callback(progress.done + progress.failed, total, progress)),
  );
}
