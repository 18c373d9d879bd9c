import { concatMap, defer, identity, type MonoTypeOperatorFunction, type Observable } from 'rxjs';
import type { GenerationEvent } from '../events/generation-event';
import { resultOf } from '../operators/result-of';
import { runDeadline } from '../operators/run-deadline';
import type { GenerationResult } from '../schemas/result';
import { parseOrThrow } from '../schemas/validate';
import { PromiseAdapterOptionsSchema, type ProgressCallback, type PromiseAdapterOptions } from './adapter-options';
import { operationPromise } from './operation-promise';

/**
 * Awaits a run's result. Progress callbacks are awaited one at a time, in order. A callback that
 * throws cancels the run (its request is aborted) and the Promise rejects with that error;
 * `signal` or `cancellationToken` reject it with CancellationError, `timeoutMs` with TimeoutError.
 * Options of the wrong type reject with ConfigurationError before the run starts.
 */
export function toPromise(events$: Observable<GenerationEvent>, options: PromiseAdapterOptions = {}): Promise<GenerationResult> {
  const run$ = defer(() => {
    const { timeoutMs, progressCallback } = parseOrThrow(PromiseAdapterOptionsSchema, options, 'options');
    return events$.pipe(runDeadline(timeoutMs), awaitProgress(progressCallback), resultOf());
  });
  return operationPromise(run$, options);
}

function awaitProgress(callback: ProgressCallback | undefined): MonoTypeOperatorFunction<GenerationEvent> {
  if (!callback) return identity;
  return concatMap(async (event: GenerationEvent) => {
    if (event.type === 'progress') await callback(event.step, event.total, event);
    return event;
  });
}
