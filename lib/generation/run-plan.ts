import type { ProgressEvent } from '../events/generation-event';
import { RUN_STAGES, type RunStage } from '../errors/run-stage';

/**
 * The stages one run will pass through, from which its progress events take their `step` and
 * `total`: a run saves only when an experiment is bound.
 */
export class RunPlan {
  readonly stages: readonly RunStage[];

  constructor(saves: boolean) {
    this.stages = saves ? RUN_STAGES : RUN_STAGES.filter((stage) => stage !== 'save');
  }

  progress(stage: RunStage, message: string): ProgressEvent {
    return { type: 'progress', step: this.stages.indexOf(stage) + 1, total: this.stages.length, stage, message };
  }
}
