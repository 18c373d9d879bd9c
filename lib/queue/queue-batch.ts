import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { defer, EMPTY, from, ignoreElements, merge, mergeMap, Observable, scan, switchMap, takeWhile } from 'rxjs';
import { z } from 'zod';
import type { SettledBatchEvent } from '../events/batch-event';
import { abortWith } from '../operators/abort-with';
import { batchDeadline } from '../operators/batch-deadline';
import { BatchJobSchema, BatchOptionsSchema, type BatchItem } from '../schemas/batch-options';
import type { PersonaConfig } from '../schemas/config';
import { parseOrThrow } from '../schemas/validate';
import { batchStep, initialBatchState } from './batch-state';
import { cancelChannel } from './cancel-channel';
import { jobData, jobIdOf, type QueueJobData } from './job-data';
import { jobMessages$ } from './queue-events';
import type { ResolvedPersonaQueueOptions } from './queue-options';

/**
 * Options of `queue.generateAll$`: those of the generator's `generateAll$` that mean something
 * across machines. `concurrency` is each worker's (`queue.work`), and a resumable batch is an
 * experiment's: both are refused here by name.
 */
export const QueueBatchOptionsSchema = BatchOptionsSchema.omit({ concurrency: true, resumeKey: true });

/** A queue job: a config, or `{ config, timeoutMs }`; a per-job `signal` cannot travel to another machine. */
const QueueItemSchema = BatchJobSchema.omit({ signal: true });

/** What a batch needs from its PersonaQueue. */
export interface BatchHost {
  readonly name: string;
  readonly options: ResolvedPersonaQueueOptions;
  ready(): Promise<{ queue: Queue; control: Redis }>;
  /** Work a teardown started, which `close()` waits for. */
  closing(done: Promise<unknown>): void;
}

/**
 * The producer's side of a batch: the jobs added to the queue, and the workers' events about
 * them as one Observable, shaped like the generator's `generateAll$`. Cold. Unsubscribing, or
 * a fail-fast failure, cancels what is left of the batch: its waiting jobs are removed and every
 * worker aborts those it is running.
 */
export function queueBatch$(host: BatchHost, configs: readonly BatchItem[], options: unknown): Observable<SettledBatchEvent> {
  return defer(() => {
    const { mode, timeoutMs, jobTimeoutMs, signal } = parseOrThrow(QueueBatchOptionsSchema, options ?? {}, 'batch options');
    // Every job is checked (and measured) before the first is added: a bad one adds none.
    const batch = randomUUID();
    const jobs = parseOrThrow(z.array(z.unknown()), configs, 'batch configs').map((item, index) => {
      const job = asJob(item);
      const { timeoutMs: own } = parseOrThrow(QueueItemSchema, job, `batch job ${index}`);
      return jobData(batch, index, job.config, own ?? jobTimeoutMs, host.options.maxJobBytes);
    });
    if (jobs.length === 0) return EMPTY;
    return from(host.ready()).pipe(
      switchMap(({ queue, control }) => cancelledUnlessDone(host, queue, control, batch, jobs, mode === 'settle')),
      batchDeadline(timeoutMs),
      abortWith(signal),
    );
  });
}

function asJob(item: unknown): { config: PersonaConfig } {
  return (typeof item === 'object' && item !== null && 'config' in item ? item : { config: item }) as { config: PersonaConfig };
}

/**
 * The batch's events until every job has its outcome. Ended any other way (unsubscribed, failed
 * fast, timed out), it cancels the batch: the channel first, so that a worker picking up one of
 * its jobs meanwhile refuses it, then the removal of the jobs still waiting.
 */
function cancelledUnlessDone(host: BatchHost, queue: Queue, control: Redis, batch: string, jobs: QueueJobData[], settle: boolean): Observable<SettledBatchEvent> {
  const events$ = merge(
    jobMessages$(host.name, host.options, control, queue.keys.events, batch, (done) => host.closing(done)),
    defer(() => queue.addBulk(jobs.map((data) => ({ name: 'persona-run', data, opts: { jobId: jobIdOf(batch, data.index), removeOnComplete: true, removeOnFail: true } })))).pipe(ignoreElements()),
  ).pipe(
    scan(batchStep(settle), initialBatchState()),
    takeWhile((state) => state.finished < jobs.length, true),
    mergeMap((state) => state.emit),
  );
  return new Observable<SettledBatchEvent>((subscriber) => {
    let complete = false;
    const subscription = events$.subscribe({
      next: (event) => subscriber.next(event),
      error: (error: unknown) => subscriber.error(error),
      complete: () => {
        complete = true;
        subscriber.complete();
      },
    });
    return () => {
      subscription.unsubscribe();
      if (!complete) host.closing(cancelBatch(host, queue, control, batch, jobs.length));
    };
  });
}

async function cancelBatch(host: BatchHost, queue: Queue, control: Redis, batch: string, count: number): Promise<void> {
  await control.publish(cancelChannel(host.options.prefix, host.name), batch);
  // A job a worker holds cannot be removed (BullMQ refuses): the worker aborts it instead.
  await Promise.all(Array.from({ length: count }, (_, index) => queue.remove(jobIdOf(batch, index)).catch(() => 0)));
}
