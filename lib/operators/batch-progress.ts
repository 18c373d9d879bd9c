import { defer, distinctUntilChanged, map, type OperatorFunction } from 'rxjs';
import type { SettledBatchEvent } from '../events/batch-event';

/** A snapshot of a batch, for progress bars: `done + failed` of `total` jobs have finished. */
export interface BatchProgress {
  /** Jobs that finished with a result. */
  done: number;
  /** Jobs that failed (`settle` mode; in `fail-fast` the first failure ends the stream instead). */
  failed: number;
  /** Jobs started and not yet finished. */
  running: number;
  /** Every job of the batch, when the caller knows it. */
  total?: number;
  /**
   * Personas that stand so far: those of finished jobs' results plus those the running jobs have
   * streamed. A `retry` voids its attempt's personas and a failed job's personas are void too.
   */
  personas: number;
}

/**
 * Folds a batch's events into a new `BatchProgress` each time a job starts, yields a persona or
 * finishes. It keeps one counter per running job, never anything per finished job.
 */
export function batchProgress(options: { total?: number } = {}): OperatorFunction<SettledBatchEvent, BatchProgress> {
  return (source) =>
    defer(() => {
      const personasOfRunning = new Map<number, number>();
      let progress: BatchProgress = { done: 0, failed: 0, running: 0, personas: 0 };
      if (options.total !== undefined) progress.total = options.total;
      const advance = ({ job, event }: SettledBatchEvent): BatchProgress => {
        const streamed = personasOfRunning.get(job);
        if (event.type === 'failed') {
          personasOfRunning.delete(job);
          const stopped = streamed === undefined ? 0 : 1;
          return { ...progress, failed: progress.failed + 1, running: progress.running - stopped, personas: progress.personas - (streamed ?? 0) };
        }
        const next = streamed === undefined ? { ...progress, running: progress.running + 1 } : progress;
        const count = streamed ?? 0;
        switch (event.type) {
          case 'persona':
            personasOfRunning.set(job, count + 1);
            return { ...next, personas: next.personas + 1 };
          case 'retry':
            personasOfRunning.set(job, count - event.discarded.personas);
            return event.discarded.personas ? { ...next, personas: next.personas - event.discarded.personas } : next;
          case 'result':
            personasOfRunning.delete(job);
            return {
              ...next,
              done: next.done + 1,
              running: next.running - 1,
              personas: next.personas - count + event.result.personas.length,
            };
          default:
            personasOfRunning.set(job, count);
            return next;
        }
      };
      return source.pipe(
        map((event) => (progress = advance(event))),
        distinctUntilChanged(),
      );
    });
}
