import { concatMap, identity, type MonoTypeOperatorFunction, type Observable } from 'rxjs';
import type { GenerationEvent } from '../events/generation-event';
import { resultOf } from '../events/result-of';
import { runDeadline } from '../resilience/run-deadline';
import type { GenerationResult } from '../schemas/result';
import type { ProgressCallback, PromiseAdapterOptions } from './adapter-options';
import { operationPromise } from './operation-promise';

/**
 * Awaits a run's result. Progress callbacks are awaited one at a time, in order. A callback that
 * throws cancels the run (its request is aborted) and the Promise rejects with that error;
 * `signal` or `cancellationToken` reject it with CancellationError, `timeoutMs` with TimeoutError.
 */
export function toPromise(events$: Observable<GenerationEvent>, options: PromiseAdapterOptions = {}): Promise<GenerationResult> {
  return operationPromise(events$.pipe(runDeadline(options.timeoutMs), awaitProgress(options.progressCallback), resultOf()), options);
}

function awaitProgress(callback: ProgressCallback | undefined): MonoTypeOperatorFunction<GenerationEvent> {
  if (!callback) return identity;
  return concatMap(async (event: GenerationEvent) => {
    if (event.type === 'progress') await callback(event.step, event.total, event);
    return event;
  });
}
