import { CHARS_PER_TOKEN } from '../../cost/token-counter';
import type { RunStage } from '../../errors/run-stage';
import type { SettledBatchEvent } from '../../events/batch-event';

/** Stages a chunked run passes through once per request. */
const REPEATED_STAGES: ReadonlySet<RunStage> = new Set(['chunk', 'consolidate']);

/** One run of a batch as the progress views show it. */
export interface RunStatus {
  /** Where the data came from, and which repetition (`notes.md #2`). */
  label: string;
  /** Personas asked for. */
  count: number;
  stage: RunStage | 'done' | 'failed';
  /** The stage as the bar shows it: a chunked run's many requests with their step, `chunk 4/9`. */
  stageLabel: string;
  /** Personas that stand so far: a retry voids those of the failed attempt. */
  personas: number;
  /** Output tokens of the current attempt: estimated from the text while it streams, as reported once done. */
  tokens: number;
  /** Characters streamed by the current attempt, behind the estimate. */
  streamedChars: number;
}

export function initialStatus(label: string, count: number): RunStatus {
  return { label, count, stage: 'prepare', stageLabel: 'prepare', personas: 0, tokens: 0, streamedChars: 0 };
}

/** The status after one more event of the run. */
export function nextStatus(status: RunStatus, event: SettledBatchEvent['event']): RunStatus {
  switch (event.type) {
    case 'progress':
      return { ...status, stage: event.stage, stageLabel: REPEATED_STAGES.has(event.stage) ? `${event.stage} ${event.step}/${event.total}` : event.stage };
    case 'token': {
      const streamedChars = status.streamedChars + event.delta.length;
      return { ...status, streamedChars, tokens: Math.ceil(streamedChars / CHARS_PER_TOKEN) };
    }
    case 'persona':
      return { ...status, personas: status.personas + 1 };
    case 'retry':
      return { ...status, personas: status.personas - event.discarded.personas, tokens: 0, streamedChars: 0 };
    case 'result':
      return { ...status, stage: 'done', stageLabel: 'done', personas: event.result.personas.length, tokens: event.result.usage.outputTokens };
    case 'failed':
      return { ...status, stage: 'failed', stageLabel: 'failed' };
  }
}
