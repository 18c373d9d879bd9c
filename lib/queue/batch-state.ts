import type { SettledBatchEvent } from '../events/batch-event';
import type { RetryEvent } from '../events/generation-event';
import type { JobMessage } from './queue-events';
import { errorFromJson } from './queue-message';
import { QueueError } from './queue-error';

interface JobState {
  /** BullMQ's start count of the attempt whose events are being passed on. */
  attempt: number;
  /** Persona events passed on since the attempt (or its last retry) began. */
  personas: number;
  done: boolean;
}

/** Where a batch stands, and what the last message adds to its events. */
export interface BatchState {
  jobs: Map<number, JobState>;
  finished: number;
  emit: SettledBatchEvent[];
}

export const initialBatchState = (): BatchState => ({ jobs: new Map(), finished: 0, emit: [] });

/**
 * Folds the workers' messages into the batch's events: exactly one `result` (or `failed`) per
 * job, however many workers took it up; the events of an attempt a dead worker left behind are
 * closed by a `retry` event, as a failed HTTP attempt's are; anything about a finished job is
 * dropped. `fail-fast` throws the first run's error.
 */
export function batchStep(settle: boolean) {
  return (state: BatchState, message: JobMessage): BatchState => {
    const job = state.jobs.get(message.job) ?? { attempt: 0, personas: 0, done: false };
    state.jobs.set(message.job, job);
    state.emit = [];
    if (job.done) return state;
    if (message.kind === 'progress') {
      const { attempt, event } = message.progress;
      if (attempt < job.attempt) return state;
      if (attempt > job.attempt && job.attempt > 0) state.emit.push({ job: message.job, event: takenUp(attempt, job.personas) });
      if (attempt > job.attempt) job.personas = 0;
      job.attempt = attempt;
      if (event.type === 'persona') job.personas += 1;
      if (event.type === 'retry') job.personas = 0;
      state.emit.push({ job: message.job, event });
      return state;
    }
    job.done = true;
    state.finished += 1;
    const error = message.kind === 'failed' ? new QueueError(`Job ${message.job} failed on its worker: ${message.reason}`) : 'error' in message.outcome ? errorFromJson(message.outcome.error) : undefined;
    if (error && !settle) throw error;
    const outcome = message.kind === 'completed' && 'result' in message.outcome ? message.outcome.result : undefined;
    state.emit.push({ job: message.job, event: outcome ? { type: 'result', result: outcome } : { type: 'failed', error: error as QueueError } });
    return state;
  };
}

function takenUp(attempt: number, personas: number): RetryEvent {
  return {
    type: 'retry',
    attempt,
    delayMs: 0,
    reason: 'the worker running this job stopped; another worker took it up',
    discarded: { tokens: 0, personas },
  };
}
