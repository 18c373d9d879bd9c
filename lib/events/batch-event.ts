import type { PersonaError } from '../errors';
import type { GenerationEvent } from './generation-event';

/** In `settle` mode, the last event of a job that failed: it stands where the `result` would. */
export interface JobFailedEvent {
  type: 'failed';
  error: PersonaError;
}

/** One event of one job of a batch; `job` is the config's 0-based position in the input. */
export interface BatchEvent<E = GenerationEvent> {
  job: number;
  event: E;
}

/** The events of a `settle` batch: each job ends with exactly one `result` or one `failed`. */
export type SettledBatchEvent = BatchEvent<GenerationEvent | JobFailedEvent>;
