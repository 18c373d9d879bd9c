import type { RunStage } from '../errors';
import type { ProgressEvent } from '../events/generation-event';

/** Every stage a run over data that fits can pass through, in order. */
const RUN_STAGES: readonly RunStage[] = ['prepare', 'render', 'request', 'receive', 'parse', 'save'];

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
      : RUN_STAGES;
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
