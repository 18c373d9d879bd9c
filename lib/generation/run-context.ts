import type { RunStage } from '../errors';
import type { ProgressEvent } from '../events/generation-event';
import type { ResolvedProvider } from '../providers/connection';
import type { ServerWindows } from '../models/server-windows';
import type { ConcurrencyLimiter } from '../resilience/limiter';
import type { WarmupGate } from '../resilience/warmup-gate';
import type { ResolvedPersonaConfig } from '../schemas/config';
import type { ResolvedGeneratorOptions } from '../schemas/options';
import type { OpenSpan } from '../telemetry/open-span';
import type { Telemetry } from '../telemetry/telemetry';
import type { JobTag } from '../schemas/job-record';
import { newRunId } from './run-id';
import { RunPlan, type RequestCounts } from './run-plan';

/** What a generator shares with each of its runs: settings, the provider, the request limiter, the fence secret. */
export interface GeneratorContext {
  readonly options: ResolvedGeneratorOptions;
  readonly provider: ResolvedProvider;
  readonly limiter: ConcurrencyLimiter;
  /** Where its runs are traced; none when tracing is off or OpenTelemetry is not installed. */
  readonly telemetry?: Telemetry;
  /** The span this context's requests are children of, when they belong to a traced operation (a provider batch). */
  readonly span?: OpenSpan;
  /** Derives the research data's fence boundary, so that every run over the same data shares one prompt prefix. */
  readonly fenceSecret: Uint8Array;
  /** Holds requests whose prompt prefix another request of the generator is writing to the provider's cache. */
  readonly warmup: WarmupGate;
  /** The context windows the provider's server reports for its models (Ollama), read once per model. */
  readonly serverWindows: ServerWindows;
}

/** One run's own state, created on subscribe so that every subscription is a new run. */
export class RunContext {
  readonly runId: string;
  readonly startedAt: Date;
  readonly plan: RunPlan;

  constructor(
    readonly generator: GeneratorContext,
    readonly config: ResolvedPersonaConfig,
    /** The batch job this run is, saved with its result. */
    readonly job?: JobTag,
    /** The run's span, the parent of its requests' spans. */
    readonly span?: OpenSpan,
    /** A chunked run's requests, which its stages follow. */
    requests?: RequestCounts,
    /** The run this context re-plans, whose id and start it keeps. */
    from?: Pick<RunContext, 'runId' | 'startedAt'>,
  ) {
    this.startedAt = from?.startedAt ?? new Date();
    this.runId = from?.runId ?? newRunId(this.startedAt);
    this.plan = new RunPlan(generator.options.experiment !== undefined, requests);
  }

  /** The same run, its stages those of a chunked run with these requests. */
  chunked(requests: RequestCounts): RunContext {
    return new RunContext(this.generator, this.config, this.job, this.span, requests, this);
  }

  progress(stage: RunStage, message: string, occurrence?: number): ProgressEvent {
    return this.plan.progress(stage, message, occurrence);
  }
}
