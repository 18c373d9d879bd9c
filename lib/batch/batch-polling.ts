import { concat, concatMap, connect, defer, distinctUntilChanged, filter, forkJoin, from, map, merge, of, repeat, takeWhile, timer, type Observable } from 'rxjs';
import { FINAL_BATCH_STATUSES, type ProviderBatchEvent, type ProviderBatchStatusEvent } from '../events/provider-batch-event';
import type { GeneratorContext } from '../generation/run-context';
import type { ResolvedProviderBatchOptions } from '../schemas/provider-batch-options';
import type { BatchProtocol, BatchSnapshot, LineResult } from './batch-protocol';
import { jobOutcome, type BatchRun } from './job-outcome';
import type { PreparedJob } from './prepared-job';
import { savedJobsOf$, savedOnce$ } from './saved-once';

/** What following a batch needs: its engine, its jobs, who ran it since when, and the options. */
export interface FollowedBatch {
  generator: GeneratorContext;
  protocol: BatchProtocol;
  batchId: string;
  jobs: readonly PreparedJob[];
  run: BatchRun;
  options: ResolvedProviderBatchOptions;
}

/** Polls until the batch is over, reporting each change, then reads and maps its results. */
export function follow$(batch: FollowedBatch, first?: BatchSnapshot): Observable<ProviderBatchEvent> {
  const { protocol, batchId, options } = batch;
  const polls$ = defer(() => protocol.status$(batchId)).pipe(
    repeat({ delay: options.pollIntervalMs }),
    takeWhile((snapshot) => !isOver(snapshot), true),
  );
  const snapshots$ = !first ? polls$ : isOver(first) ? of(first) : concat(of(first), timer(options.pollIntervalMs).pipe(concatMap(() => polls$)));
  return snapshots$.pipe(
    connect((shared$) =>
      merge(
        shared$.pipe(map(statusEvent), distinctUntilChanged(sameStatus)),
        shared$.pipe(
          filter(isOver),
          concatMap((final) => jobEvents$(batch, final)),
        ),
      ),
    ),
  );
}

function jobEvents$(batch: FollowedBatch, final: BatchSnapshot): Observable<ProviderBatchEvent> {
  const { generator, batchId, jobs } = batch;
  return forkJoin([batch.protocol.results$(final), savedJobsOf$(generator, batchId, jobs)]).pipe(
    concatMap(([lines, saved]) => {
      const byId = new Map<string, LineResult>();
      for (const line of lines) if (!byId.has(line.customId)) byId.set(line.customId, line);
      return from(jobs).pipe(
        concatMap((job) =>
          savedOnce$(generator, batchId, saved, job, jobOutcome(job, byId.get(job.customId), batch.run, final)).pipe(
            map((outcome): ProviderBatchEvent => ({ type: 'job', job: job.index, outcome })),
          ),
        ),
      );
    }),
  );
}

function isOver(snapshot: BatchSnapshot): boolean {
  return FINAL_BATCH_STATUSES.has(snapshot.status);
}

export function statusEvent({ batchId, status, completed, failed, total }: BatchSnapshot): ProviderBatchStatusEvent {
  return { type: 'status', batchId, status, completed, failed, total };
}

function sameStatus(a: ProviderBatchStatusEvent, b: ProviderBatchStatusEvent): boolean {
  return a.status === b.status && a.completed === b.completed && a.failed === b.failed && a.total === b.total;
}
