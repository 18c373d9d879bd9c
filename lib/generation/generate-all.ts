import { catchError, defer, from, isObservable, map, mergeMap, of, switchMap, throwError, type Observable } from 'rxjs';
import { z } from 'zod';
import { ConfigurationError, PersonaError } from '../errors';
import type { BatchEvent, SettledBatchEvent } from '../events/batch-event';
import type { GenerationEvent } from '../events/generation-event';
import { abortWith } from '../operators/abort-with';
import { batchDeadline } from '../operators/batch-deadline';
import {
  BatchJobSchema,
  BatchOptionsSchema,
  type BatchItem,
  type BatchJob,
  type BatchOptions,
} from '../schemas/batch-options';
import type { PersonaConfig } from '../schemas/config';
import type { RunOptions } from '../schemas/options';
import { parseOrThrow } from '../schemas/validate';
import { jobConfigHash } from './job-config-hash';
import type { JobTag } from '../schemas/job-record';
import { replay$, resumePlan$, type ResumePlan } from './resumed-jobs';
import type { RunStore } from '../schemas/run-store';

/** A batch's jobs: an array, or an Observable that produces them lazily. */
export type BatchInput = readonly BatchItem[] | Observable<BatchItem>;

/** What a batch needs from its generator. */
export interface BatchRunner {
  /** One run; a `job` tag is saved with its result. */
  generate$(config: PersonaConfig, options: RunOptions, job?: JobTag): Observable<GenerationEvent>;
  /** Where a `resumeKey` batch records finished jobs and finds them again. */
  readonly store?: RunStore;
  /** The batch concurrency when the caller sets none: the generator's `maxConcurrentRequests`. */
  readonly defaultConcurrency: number;
}

/**
 * Runs many generations on `mergeMap(…, concurrency)`, tagging each event with its job's input
 * position. Cold: nothing is read or requested before subscribe. `fail-fast` errors with the
 * first failure and unsubscribes every running job (closing its connection) and every queued
 * one; an array input is validated whole before any job starts. `settle` turns each job's
 * PersonaError into a `failed` event and completes once every job has finished; an error that
 * is not a PersonaError is a defect and fails the batch in both modes. With a `resumeKey`, jobs
 * whose result the store saved for the same position and config are replayed, not requested.
 */
export function generateAll$(runner: BatchRunner, items: BatchInput, options: BatchOptions): Observable<SettledBatchEvent> {
  return defer(() => {
    const { concurrency, mode, timeoutMs, jobTimeoutMs, signal, resumeKey } = parseOrThrow(BatchOptionsSchema, options, 'batch options');
    const items$ = isObservable(items) ? items : from(mode === 'fail-fast' ? validatedJobs(items) : itemsArray(items));
    const total = isObservable(items) ? undefined : (items as readonly BatchItem[]).length;
    const plan$: Observable<ResumePlan | undefined> = resumeKey === undefined ? of(undefined) : resumePlan$(runner.store, resumeKey, total);
    return plan$.pipe(
      switchMap((plan) =>
        items$.pipe(
          mergeMap((item, job) => {
            const events$ = job$(runner, item, job, jobTimeoutMs, plan);
            return mode === 'settle' ? events$.pipe(catchError((error: unknown) => failed$(job, error))) : events$;
          }, concurrency ?? runner.defaultConcurrency),
        ),
      ),
      batchDeadline(timeoutMs),
      abortWith(signal),
    );
  });
}

function job$(
  runner: BatchRunner,
  item: BatchItem,
  job: number,
  jobTimeoutMs: number | undefined,
  plan: ResumePlan | undefined,
): Observable<BatchEvent> {
  return defer(() => {
    const { config, timeoutMs = jobTimeoutMs, signal } = parseOrThrow(BatchJobSchema, asJob(item), `batch job ${job}`);
    const tag = plan && { key: plan.key, index: job, configHash: jobConfigHash(config) };
    const saved = tag && plan.savedResult(tag);
    const events$ = saved ? replay$(saved) : runner.generate$(config, { timeoutMs, signal }, tag);
    return events$.pipe(map((event) => ({ job, event })));
  });
}

function failed$(job: number, error: unknown): Observable<SettledBatchEvent> {
  if (!(error instanceof PersonaError)) return throwError(() => error);
  return of({ job, event: { type: 'failed', error } });
}

/** A bare config becomes `{ config }`, so that one schema checks every kind of item. */
function asJob(item: BatchItem): BatchJob {
  return typeof item === 'object' && item !== null && 'config' in item ? item : { config: item };
}

function itemsArray(items: unknown): readonly BatchItem[] {
  if (Array.isArray(items)) return items;
  throw new ConfigurationError('A batch takes an array or an Observable of configs', [
    { path: 'configs', message: 'must be an array or an Observable' },
  ]);
}

const BatchJobsSchema = z.array(BatchJobSchema);

/** Checks every job before the first starts, so one bad config cannot leave a batch half run. */
function validatedJobs(items: unknown): BatchItem[] {
  return parseOrThrow(BatchJobsSchema, itemsArray(items).map(asJob), 'batch jobs');
}
