import type { ProgressEvent } from '../events/generation-event';
import { RUN_STAGES, type RunStage } from '../errors/run-stage';

/** The stages of a run whose data fits one request, in order. */
const SINGLE_REQUEST_STAGES: readonly RunStage[] = RUN_STAGES.filter((stage) => stage !== 'chunk' && stage !== 'consolidate');

/** How a run's requests were planned: one, or one per chunk and per consolidation. */
export interface RequestCounts {
  chunks: number;
  consolidations: number;
}

/**
 * The stages one run will pass through, from which its progress events take their `step` and
 * `total`: a run saves only when an experiment is bound, and a chunked run has a stage per chunk
 * and per consolidation request in place of its one request.
 */
export class RunPlan {
  readonly stages: readonly RunStage[];

  constructor(saves: boolean, requests?: RequestCounts) {
    const stages = requests
      ? (['prepare', 'render', ...repeat('chunk', requests.chunks), ...repeat('consolidate', requests.consolidations), 'parse', 'save'] as RunStage[])
      : SINGLE_REQUEST_STAGES;
    this.stages = saves ? stages : stages.filter((stage) => stage !== 'save');
  }

  /** The progress event of `stage`; of its `occurrence`-th instance (1-based) for a stage the plan repeats. */
  progress(stage: RunStage, message: string, occurrence = 1): ProgressEvent {
    return { type: 'progress', step: this.stages.indexOf(stage) + occurrence, total: this.stages.length, stage, message };
  }
}

function repeat(stage: RunStage, times: number): RunStage[] {
  return Array.from({ length: times }, () => stage);
}
