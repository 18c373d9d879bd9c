import {
  concat,
  concatMap,
  connect,
  defer,
  EMPTY,
  distinctUntilChanged,
  filter,
  forkJoin,
  from,
  ignoreElements,
  map,
  merge,
  of,
  repeat,
  takeWhile,
  timer,
  type Observable,
} from 'rxjs';
import { z } from 'zod';
import { ConfigurationError, TimeoutError } from '../errors';
import type { GeneratorContext } from '../generation/run-context';
import { abortWith } from '../resilience/abort-with';
import { deadline } from '../resilience/deadline';
import { PersonaConfigSchema, type PersonaConfig, type ResolvedPersonaConfig } from '../schemas/config';
import { parseOrThrow } from '../schemas/validate';
import type { BatchProtocol, BatchSnapshot, LineResult } from './batch-protocol';
import { batchProtocolFor } from './batch-protocols';
import { jobOutcome, type BatchRun } from './job-outcome';
import { preparedJobs$, type PreparedJob } from './prepared-job';
import { FINAL_BATCH_STATUSES, type ProviderBatchEvent, type ProviderBatchStatusEvent } from './provider-batch-event';
import {
  ProviderBatchIdSchema,
  ProviderBatchOptionsSchema,
  type ProviderBatchOptions,
  type ResolvedProviderBatchOptions,
} from './provider-batch-options';
import { cancelRemoteOnUnsubscribe } from './remote-cancel';
import { savedJobsOf$, savedOnce$ } from './saved-once';
import { batchSpan$ } from '../telemetry/batch-spans';

const BatchConfigsSchema = z.array(PersonaConfigSchema).min(1).max(50_000);

/** What following a batch needs: its engine, its jobs, who ran it since when, and the options. */
interface FollowedBatch {
  generator: GeneratorContext;
  protocol: BatchProtocol;
  batchId: string;
  jobs: readonly PreparedJob[];
  run: BatchRun;
  options: ResolvedProviderBatchOptions;
}

/**
 * Renders every config as `generate$` would, submits them as one provider batch, and follows it
 * to the end: `submitted`, `status` on every change, one `job` per config in input order. Cold.
 */
export function submitBatch$(
  generatorInput: GeneratorContext,
  configsInput: readonly PersonaConfig[],
  optionsInput: ProviderBatchOptions = {},
): Observable<ProviderBatchEvent> {
  return batchSpan$(generatorInput, 'submit', (generator) => defer(() => {
    const protocol = batchProtocolFor(generator);
    const options = parseOrThrow(ProviderBatchOptionsSchema, optionsInput, 'batch options');
    const configs = parseOrThrow(BatchConfigsSchema, configsInput, 'persona configs');
    const run: BatchRun = { model: generator.provider.model, submittedAt: new Date() };
    const submission$ = preparedJobs$(generator, configs).pipe(
      concatMap((jobs) =>
        protocol.submit$(jobs.map(({ customId, body }) => ({ customId, body }))).pipe(
          concatMap((first) => {
            const batch: FollowedBatch = { generator, protocol, batchId: first.batchId, jobs, run, options };
            // Recorded before `submitted` is emitted, so that a caller who stops there can resume by id.
            return concat(
              record$(generator, batch, configs),
              of<ProviderBatchEvent>({ type: 'submitted', batchId: first.batchId, provider: generator.provider.adapter.name, total: jobs.length }),
              follow$(batch, first),
            );
          }),
        ),
      ),
    );
    return bounded(submission$, protocol, options);
  }));
}

/**
 * Follows a batch submitted earlier (by this process or another) from where it stands, without
 * submitting anything. `configs` may be left out when the generator's experiment recorded the batch.
 */
export function resumeBatch$(
  generatorInput: GeneratorContext,
  batchIdInput: string,
  configsInput?: readonly PersonaConfig[],
  optionsInput: ProviderBatchOptions = {},
): Observable<ProviderBatchEvent> {
  return batchSpan$(generatorInput, 'resume', (generator) => defer(() => {
    const protocol = batchProtocolFor(generator);
    const batchId = parseOrThrow(ProviderBatchIdSchema, batchIdInput, 'batch id');
    const options = parseOrThrow(ProviderBatchOptionsSchema, optionsInput, 'batch options');
    const known$ =
      configsInput === undefined
        ? recorded$(generator, batchId)
        : of({ configs: parseOrThrow(BatchConfigsSchema, configsInput, 'persona configs'), run: { model: generator.provider.model, submittedAt: new Date() } });
    const resumed$ = known$.pipe(
      concatMap(({ configs, run }) => preparedJobs$(generator, configs).pipe(concatMap((jobs) => follow$({ generator, protocol, batchId, jobs, run, options })))),
    );
    return bounded(resumed$, protocol, options, batchId);
  }));
}

/** One status request: where the batch stands now. */
export function batchStatus$(generator: GeneratorContext, batchIdInput: string): Observable<ProviderBatchStatusEvent> {
  return oneRequest$(generator, batchIdInput, (protocol) => protocol.status$);
}

/** Asks the provider to cancel the batch; emits its status as the provider answered. */
export function cancelBatch$(generator: GeneratorContext, batchIdInput: string): Observable<ProviderBatchStatusEvent> {
  return oneRequest$(generator, batchIdInput, (protocol) => protocol.cancel$);
}

function oneRequest$(
  generator: GeneratorContext,
  batchIdInput: string,
  request: (protocol: BatchProtocol) => (batchId: string) => Observable<BatchSnapshot>,
): Observable<ProviderBatchStatusEvent> {
  return defer(() => request(batchProtocolFor(generator))(parseOrThrow(ProviderBatchIdSchema, batchIdInput, 'batch id')).pipe(map(statusEvent)));
}

/** The whole wait's deadline and signal; reaching either, like unsubscribing, cancels the remote batch. */
function bounded(
  events$: Observable<ProviderBatchEvent>,
  protocol: BatchProtocol,
  options: ResolvedProviderBatchOptions,
  batchId?: string,
): Observable<ProviderBatchEvent> {
  const { timeoutMs } = options;
  return events$.pipe(
    cancelRemoteOnUnsubscribe(protocol, options.cancelOnUnsubscribe, batchId),
    deadline(timeoutMs, () => new TimeoutError(`The provider batch was not over within ${timeoutMs} ms`, { stage: 'receive', timeoutMs: timeoutMs as number, retryable: false })),
    abortWith(options.signal),
  );
}

/** Keeps the batch in the bound experiment, so that it can be resumed by its id alone. */
function record$(generator: GeneratorContext, batch: FollowedBatch, configs: readonly ResolvedPersonaConfig[]): Observable<never> {
  const store = generator.options.experiment;
  if (!store?.recordBatch$) return EMPTY;
  return store
    .recordBatch$({
      formatVersion: 1,
      batchId: batch.batchId,
      provider: generator.provider.adapter.name,
      model: batch.run.model,
      submittedAt: batch.run.submittedAt.toISOString(),
      configs: [...configs],
    })
    .pipe(ignoreElements());
}

function recorded$(generator: GeneratorContext, batchId: string): Observable<{ configs: ResolvedPersonaConfig[]; run: BatchRun }> {
  const store = generator.options.experiment;
  const provider = generator.provider.adapter.name;
  if (!store?.loadBatch$) {
    throw new ConfigurationError('Resuming a batch needs its configs, unless the generator is bound to the experiment that recorded it', [
      { path: 'configs', message: 'required without an experiment that recorded the batch' },
    ]);
  }
  return store.loadBatch$(batchId).pipe(
    map((record) => {
      if (record.provider !== provider) {
        throw new ConfigurationError(`Batch ${batchId} was submitted to ${record.provider}, but this generator talks to ${provider}`, [
          { path: 'provider', message: `must be ${record.provider} for this batch` },
        ]);
      }
      return { configs: record.configs, run: { model: record.model, submittedAt: new Date(record.submittedAt) } };
    }),
  );
}

/** Polls until the batch is over, reporting each change, then reads and maps its results. */
function follow$(batch: FollowedBatch, first?: BatchSnapshot): Observable<ProviderBatchEvent> {
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

function statusEvent({ batchId, status, completed, failed, total }: BatchSnapshot): ProviderBatchStatusEvent {
  return { type: 'status', batchId, status, completed, failed, total };
}

function sameStatus(a: ProviderBatchStatusEvent, b: ProviderBatchStatusEvent): boolean {
  return a.status === b.status && a.completed === b.completed && a.failed === b.failed && a.total === b.total;
}
