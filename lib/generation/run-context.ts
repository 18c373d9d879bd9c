import type { RunStage } from '../errors';
import type { ProgressEvent } from '../events/generation-event';
import type { ResolvedProvider } from '../providers/connection';
import type { ConcurrencyLimiter } from '../resilience/limiter';
import type { ResolvedPersonaConfig } from '../schemas/config';
import type { ResolvedGeneratorOptions } from '../schemas/options';
import type { JobTag } from './job-record';
import { newRunId } from './run-id';

/** What a generator shares with each of its runs: settings, the provider, the request limiter. */
export interface GeneratorContext {
  readonly options: ResolvedGeneratorOptions;
  readonly provider: ResolvedProvider;
  readonly limiter: ConcurrencyLimiter;
}

/** One run's own state, created on subscribe so that every subscription is a new run. */
export class RunContext {
  readonly runId: string;
  readonly startedAt = new Date();
  readonly total: number;
  private step = 0;

  constructor(
    readonly generator: GeneratorContext,
    readonly config: ResolvedPersonaConfig,
    /** The batch job this run is, saved with its result. */
    readonly job?: JobTag,
  ) {
    this.runId = newRunId(this.startedAt);
    this.total = generator.options.experiment ? 6 : 5;
  }

  progress(stage: RunStage, message: string): ProgressEvent {
    this.step += 1;
    return { type: 'progress', step: this.step, total: this.total, stage, message };
  }
}
