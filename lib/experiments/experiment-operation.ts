import type { Observable } from 'rxjs';
import { fromAbortable } from '../data/from-abortable';
import { ExperimentError, PersonaError } from '../errors';

/**
 * One cold operation: nothing happens until subscribe, unsubscribing stops it at its next step.
 * File-system failures come out as ExperimentError; the library's own errors as they are.
 */
export function operation$<T>(what: string, task: (signal: AbortSignal) => Promise<T>): Observable<T> {
  return fromAbortable(async (signal) => {
    try {
      return await task(signal);
    } catch (error) {
      if (error instanceof PersonaError) throw error;
      throw new ExperimentError(`Could not ${what}: ${(error as Error).message}`, { cause: error as Error });
    }
  });
}
