import { filter, pipe, scan, type OperatorFunction } from 'rxjs';
import type { Persona } from '../schemas/persona';
import type { GenerationEvent } from '../events/generation-event';

/**
 * The personas that stand so far, as a growing list: a `retry` empties it (the failed attempt's
 * personas are void) and the `result` replaces it with the final list. The view to render.
 */
export function currentPersonas(): OperatorFunction<GenerationEvent, Persona[]> {
  return pipe(
    filter((event) => event.type === 'persona' || event.type === 'retry' || event.type === 'result'),
    scan((personas: Persona[], event: GenerationEvent): Persona[] => {
      if (event.type === 'persona') return [...personas, event.persona];
      if (event.type === 'result') return event.result.personas;
      return [];
    }, []),
  );
}
