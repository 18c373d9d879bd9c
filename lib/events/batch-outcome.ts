import type { PersonaError } from '../errors';
import type { GenerationResult } from '../schemas/result';

/** One job's outcome in `settle` mode, shaped like an entry of `Promise.allSettled`. */
export type BatchOutcome = { status: 'fulfilled'; value: GenerationResult } | { status: 'rejected'; reason: PersonaError };
