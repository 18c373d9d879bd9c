import { identity, type MonoTypeOperatorFunction } from 'rxjs';
import { TimeoutError, type RunStage } from '../errors';
import type { SettledBatchEvent } from '../events/batch-event';
import { deadlineNaming } from '../operators/deadline-naming';

/** The running jobs and their stages, oldest first, after one more event of the batch. */
export function runningStagesAfter(stages: ReadonlyMap<number, RunStage>, { job, event }: SettledBatchEvent): ReadonlyMap<number, RunStage> {
  if (event.type === 'progress') return stages.get(job) === event.stage ? stages : new Map(stages).set(job, event.stage);
  if ((event.type === 'result' || event.type === 'failed') && stages.has(job)) {
    const rest = new Map(stages);
    rest.delete(job);
    return rest;
  }
  return stages;
}

/**
 * A whole-batch deadline. Its TimeoutError names the oldest job still running and the stage that
 * job had reached, tracked for running jobs only.
 */
export function batchDeadline<E extends SettledBatchEvent>(ms: number | undefined): MonoTypeOperatorFunction<E> {
  if (!ms) return identity; // 0 or nothing: no limit
  const timedOut = (stages: ReadonlyMap<number, RunStage>): TimeoutError => {
    const [job, stage] = stages.entries().next().value ?? [undefined, 'prepare'];
    const where = job === undefined ? 'while waiting for jobs' : `with job ${job} in stage '${stage}'`;
    return new TimeoutError(`Batch exceeded its ${ms} ms deadline ${where}`, { stage, timeoutMs: ms, retryable: false });
  };
  return deadlineNaming<E, ReadonlyMap<number, RunStage>>(ms, runningStagesAfter, new Map(), timedOut);
}
