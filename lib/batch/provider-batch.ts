import { concat, concatMap, defer, map, of, type Observable } from 'rxjs';
import { z } from 'zod';
import { TimeoutError } from '../errors';
import type { GeneratorContext } from '../generation/run-context';
import { abortWith } from '../operators/abort-with';
import { deadline } from '../operators/deadline';
import { PersonaConfigSchema, type PersonaConfig } from '../schemas/config';
import { parseOrThrow } from '../schemas/validate';
import type { BatchProtocol, BatchSnapshot } from './batch-protocol';
import { batchProtocolFor } from './batch-protocols';
import { follow$, statusEvent, type FollowedBatch } from './batch-polling';
import { recordBatch$, recordedBatch$ } from './batch-record';
import type { BatchRun } from './job-outcome';
import { preparedJobs$ } from './prepared-job';
import type { ProviderBatchEvent, ProviderBatchStatusEvent } from '../events/provider-batch-event';
import {
  ProviderBatchIdSchema,
  ProviderBatchOptionsSchema,
  type ProviderBatchOptions,
  type ResolvedProviderBatchOptions,
} from '../schemas/provider-batch-options';
import { cancelRemoteOnUnsubscribe } from '../operators/remote-cancel';
import { batchSpan$ } from '../telemetry/batch-spans';

const BatchConfigsSchema = z.array(PersonaConfigSchema).min(1).max(50_000);

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
              recordBatch$(generator, batch, configs),
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
        ? recordedBatch$(generator, batchId)
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
    cancelRemoteOnUnsubscribe((id) => protocol.cancel$(id), options.cancelOnUnsubscribe, batchId),
    deadline(timeoutMs, () => new TimeoutError(`The provider batch was not over within ${timeoutMs} ms`, { stage: 'receive', timeoutMs: timeoutMs as number, retryable: false })),
    abortWith(options.signal),
  );
}
