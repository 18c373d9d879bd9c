import type { Observable } from 'rxjs';
import { batchStatus$, cancelBatch$, resumeBatch$, submitBatch$ } from '../batch/provider-batch';
import type { ProviderBatchEvent, ProviderBatchStatusEvent } from '../events/provider-batch-event';
import type { ProviderBatchOptions } from '../schemas/provider-batch-options';
import type { CostEstimate } from '../cost/estimate';
import type { GenerationEvent } from '../events/generation-event';
import type { BatchEvent, SettledBatchEvent } from '../events/batch-event';
import { fenceSecret } from '../prompts/fence';
import { resolveProvider } from '../providers/connection';
import { ServerWindows } from '../models/server-windows';
import { ConcurrencyLimiter } from '../resilience/limiter';
import { WarmupGate } from '../resilience/warmup-gate';
import type { BatchOptions } from '../schemas/batch-options';
import type { PersonaConfig } from '../schemas/config';
import { GeneratorOptionsSchema, type GeneratorOptions, type ProviderName, type RunOptions } from '../schemas/options';
import { parseOrThrow } from '../schemas/validate';
import { costEstimate$, generation$ } from '../generation/generation';
import { generateAll$, type BatchInput, type BatchRunner } from '../generation/generate-all';
import type { GeneratorContext } from '../generation/run-context';
import { telemetryFor } from '../telemetry/telemetry';

/**
 * Generates personas as cold Observables. Options are validated once, here; the request limiter
 * (`maxConcurrentRequests`, `adaptiveConcurrency`, `rateLimit`) and the secret that fences the
 * research data (so its runs over the same data share a cacheable prompt prefix) are shared by
 * every run of this generator and nothing else is.
 */
export class PersonaGenerator {
  // A private field, so that logging or inspecting a generator never shows the API key.
  readonly #context: GeneratorContext;

  constructor(options: GeneratorOptions = {}) {
    const parsed = parseOrThrow(GeneratorOptionsSchema, options, 'generator options');
    const store = parsed.experiment;
    const withStoreDefaults = {
      ...parsed,
      provider: parsed.provider ?? store?.provider,
      model: parsed.model ?? (parsed.provider ? undefined : store?.model),
    };
    this.#context = {
      options: withStoreDefaults,
      provider: resolveProvider(withStoreDefaults),
      limiter: new ConcurrencyLimiter({
        maxConcurrentRequests: parsed.maxConcurrentRequests,
        adaptive: parsed.adaptiveConcurrency,
        rateLimit: parsed.rateLimit,
      }),
      telemetry: telemetryFor(parsed),
      fenceSecret: fenceSecret(),
      warmup: new WarmupGate(),
      serverWindows: new ServerWindows(),
    };
  }

  /** The provider and model this generator talks to. */
  get provider(): ProviderName {
    return this.#context.provider.adapter.name;
  }

  get model(): string {
    return this.#context.provider.model;
  }

  /** One run: progress, retry, token, persona and, last, result events. Cold. */
  generate$(config: PersonaConfig, options?: RunOptions): Observable<GenerationEvent> {
    return generation$(this.#context, config, options);
  }

  /**
   * What `generate$(config)` would cost, from the exact prompt it would send: input tokens
   * counted, output tokens expected. Emits one estimate; no request is made. Cold.
   */
  estimateCost$(config: PersonaConfig): Observable<CostEstimate> {
    return costEstimate$(this.#context, config);
  }

  /**
   * Many runs at once, on `mergeMap(…, concurrency)`: each event tagged with its job's position.
   * `fail-fast` (default) errors with the first failure and cancels the rest; `settle` reports
   * each job's failure as a `failed` event and completes. With an experiment bound, `resumeKey`
   * makes the batch resumable: jobs already saved under that key are replayed, not requested
   * again (a job whose config changed runs again). Cold, like `generate$`.
   */
  generateAll$(configs: BatchInput, options?: BatchOptions & { mode?: 'fail-fast' }): Observable<BatchEvent>;
  generateAll$(configs: BatchInput, options: BatchOptions & { mode: 'settle' }): Observable<SettledBatchEvent>;
  generateAll$(configs: BatchInput, options?: BatchOptions): Observable<SettledBatchEvent>;
  generateAll$(configs: BatchInput, options: BatchOptions = {}): Observable<SettledBatchEvent> {
    const context = this.#context;
    const runner: BatchRunner = {
      generate$: (config, options, job) => generation$(context, config, options, job),
      defaultConcurrency: context.limiter.limit,
      store: context.options.experiment,
    };
    return generateAll$(runner, configs, options);
  }

  /**
   * The configs as one batch on the provider's own batch engine (OpenAI Batch, Anthropic Message
   * Batches): `submitted` (store its `batchId`), `status` on every change, then one `job` per
   * config with its settled outcome. Unsubscribing cancels the remote batch unless
   * `cancelOnUnsubscribe: false`. Other providers fail with ConfigurationError. Cold.
   */
  submitBatch$(configs: readonly PersonaConfig[], options?: ProviderBatchOptions): Observable<ProviderBatchEvent> {
    return submitBatch$(this.#context, configs, options);
  }

  /**
   * Follows a batch submitted earlier, by this process or another, without submitting it again.
   * `configs` may be left out when the bound experiment recorded the batch. Cold.
   */
  resumeBatch$(batchId: string, configs?: readonly PersonaConfig[], options?: ProviderBatchOptions): Observable<ProviderBatchEvent> {
    return resumeBatch$(this.#context, batchId, configs, options);
  }

  /** Where a provider batch stands, in one status request. */
  batchStatus$(batchId: string): Observable<ProviderBatchStatusEvent> {
    return batchStatus$(this.#context, batchId);
  }

  /** Asks the provider to cancel a batch; emits the status it answers with. */
  cancelBatch$(batchId: string): Observable<ProviderBatchStatusEvent> {
    return cancelBatch$(this.#context, batchId);
  }
}
