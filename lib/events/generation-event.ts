import type { RunStage } from '../errors/run-stage';
import type { Persona } from '../schemas/persona';
import type { GenerationResult } from '../schemas/result';

export interface ProgressEvent {
  type: 'progress';
  /** Rises by one per stage, from 1 to `total`. */
  step: number;
  /** Fixed for the run. */
  total: number;
  stage: RunStage;
  message: string;
}

/**
 * A transient failure is about to be retried. The `token` and `persona` events of the failed
 * attempt are void: `discarded` says how many there were, and consumers that show them drop
 * them (`currentPersonas()` does this for you).
 */
export interface RetryEvent {
  type: 'retry';
  /** The attempt about to start (2 for the first retry). */
  attempt: number;
  delayMs: number;
  reason: string;
  discarded: { tokens: number; personas: number };
  /** The HTTP status of the failed attempt, when it had one (429: the provider's quota). */
  status?: number;
}

export interface TokenEvent {
  type: 'token';
  delta: string;
  attempt: number;
}

export interface PersonaEvent {
  type: 'persona';
  /** The persona's position in the final result. */
  index: number;
  persona: Persona;
  attempt: number;
}

export interface ResultEvent {
  type: 'result';
  result: GenerationResult;
}

export type GenerationEvent = ProgressEvent | RetryEvent | TokenEvent | PersonaEvent | ResultEvent;
export type GenerationEventType = GenerationEvent['type'];
