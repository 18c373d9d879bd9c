import { identity, type MonoTypeOperatorFunction } from 'rxjs';
import { TimeoutError, type RunStage } from '../errors';
import type { GenerationEvent } from '../events/generation-event';
import { deadlineNaming } from '../operators/deadline-naming';

/** The stage a run has reached, as its progress events tell. */
export function stageAfter(stage: RunStage, event: GenerationEvent): RunStage {
  return event.type === 'progress' ? event.stage : stage;
}

/** A whole-run deadline that names the stage the run had reached, read off its progress events. */
export function runDeadline(ms: number | undefined): MonoTypeOperatorFunction<GenerationEvent> {
  if (!ms) return identity; // 0 or nothing: no limit
  return deadlineNaming(
    ms,
    stageAfter,
    'prepare' as RunStage,
    (stage) => new TimeoutError(`Run exceeded its ${ms} ms deadline during stage '${stage}'`, { stage, timeoutMs: ms, retryable: false }),
  );
}
