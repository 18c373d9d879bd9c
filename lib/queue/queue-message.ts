import * as errors from '../errors';
import { PersonaError, redactSecrets } from '../errors';
import type { GenerationEvent } from '../events/generation-event';
import type { GenerationResult } from '../schemas/result';
import { QueueError } from './queue-error';

/**
 * One event of a run, as a worker publishes it (BullMQ job progress). `attempt` is BullMQ's count
 * of times the job was started: it rises when a worker died and another took the job up, so the
 * producer can tell the new attempt's events from the lost one's.
 */
export interface QueueProgress {
  attempt: number;
  event: Exclude<GenerationEvent, { type: 'token' | 'result' }>;
}

/**
 * A job's return value: its result, or the PersonaError that ended the run, as JSON. A run's
 * PersonaError is its outcome, not a failure of the job: the generator already retried.
 */
export type QueueOutcome = { result: GenerationResult } | { error: Record<string, unknown> };

type ErrorClass = { errorName: string; prototype: PersonaError };

/** Every PersonaError class the library exports, by name, so that an error crosses the queue with its class. */
const CLASSES = new Map<string, ErrorClass>(
  ([...Object.values(errors), QueueError] as unknown[])
    .filter((value): value is ErrorClass => typeof value === 'function' && value.prototype instanceof PersonaError)
    .map((errorClass) => [errorClass.errorName, errorClass]),
);

export function outcomeOf(error: unknown): QueueOutcome {
  if (error instanceof PersonaError) return { error: error.toJSON() };
  // A defect is not a run's outcome: BullMQ fails the job and the producer's batch fails with it.
  throw error;
}

/**
 * The worker's error again, of the same class (`instanceof` holds) with the same fields. Its
 * message was scrubbed by the worker and is scrubbed again here, with this process's secrets.
 */
export function errorFromJson(json: Record<string, unknown>): PersonaError {
  const { name, message, stack: _stack, ...fields } = json;
  const errorClass = CLASSES.get(String(name)) ?? PersonaError;
  const error = Object.create(errorClass.prototype) as PersonaError;
  const text = redactSecrets(String(message ?? ''));
  Object.assign(error, fields);
  Object.defineProperty(error, 'message', { value: text, enumerable: false, writable: true, configurable: true });
  Object.defineProperty(error, 'name', { value: String(name ?? 'PersonaError'), enumerable: false, writable: true, configurable: true });
  Object.defineProperty(error, 'stack', { value: `${String(name)}: ${text}\n    at a persona-rx queue worker`, enumerable: false, writable: true, configurable: true });
  return error;
}
