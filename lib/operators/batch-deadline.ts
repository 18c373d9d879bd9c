import { defer, identity, tap, type MonoTypeOperatorFunction } from 'rxjs';
import { TimeoutError } from '../errors';
import type { RunStage } from '../errors/run-stage';
import type { SettledBatchEvent } from '../events/batch-event';
import { deadline } from './deadline';

/**
 * A whole-batch deadline. Its TimeoutError names the oldest job still running and the stage that
 * job had reached, tracked for running jobs only.
 */
export function batchDeadline<E extends SettledBatchEvent>(ms: number | undefined): MonoTypeOperatorFunction<E> {
  if (ms === undefined) return identity;
  return (source) =>
    defer(() => {
      const stages = new Map<number, RunStage>();
      const timedOut = (): TimeoutError => {
        const [job, stage] = stages.entries().next().value ?? [undefined, 'prepare'];
        const where = job === undefined ? 'while waiting for jobs' : `with job ${job} in stage '${stage}'`;
        return new TimeoutError(`Batch exceeded its ${ms} ms deadline ${where}`, { stage, timeoutMs: ms, retryable: false });
      };
      return source.pipe(
        tap(({ job, event }) => {
          if (event.type === 'progress') stages.set(job, event.stage);
          else if (event.type === 'result' || event.type === 'failed') stages.delete(job);
        }),
        deadline(ms, timedOut),
      );
    });
}
