import type { RunStage } from '../errors';
import type { ProgressEvent } from '../events/generation-event';
import type { ResolvedProvider } from '../providers/connection';
import type { ConcurrencyLimiter } from '../resilience/limiter';
import type { ResolvedPersonaConfig } from '../schemas/config';
import type { ResolvedGeneratorOptions } from '../schemas/options';
import type { JobTag } from './job-record';
import { newRunId } from './run-id';
import { RunPlan } from './run-plan';

/** What a generator shares with each of its runs: settings, the provider, the request limiter. */
export interface GeneratorContext {
  readonly options: ResolvedGeneratorOptions;
  readonly provider: ResolvedProvider;
  readonly limiter: ConcurrencyLimiter;
}

const SAVING = new RunPlan(true);
const NOT_SAVING = new RunPlan(false);

/** One run's own state, created on subscribe so that every subscription is a new run. */
export class RunContext {
  readonly runId: string;
  readonly startedAt = new Date();
  readonly plan: RunPlan;

  constructor(
    readonly generator: GeneratorContext,
    readonly config: ResolvedPersonaConfig,
    /** The batch job this run is, saved with its result. */
    readonly job?: JobTag,
  ) {
    this.runId = newRunId(this.startedAt);
    this.plan = generator.options.experiment ? SAVING : NOT_SAVING;
  }

  progress(stage: RunStage, message: string, occurrence?: number): ProgressEvent {
    return this.plan.progress(stage, message, occurrence);
  }
}
