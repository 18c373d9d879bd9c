import { map, pipe, type OperatorFunction } from 'rxjs';
import type { Persona } from '../schemas/persona';
import type { GenerationEvent } from '../events/generation-event';
import { ofType } from './of-type';

/**
 * Each persona as it completes. After a `retry` the next attempt's personas follow; use
 * `currentPersonas()` for a view that forgets the failed attempt's ones.
 */
export function personasOf(): OperatorFunction<GenerationEvent, Persona> {
  return pipe(
    ofType('persona'),
    map((event) => event.persona),
  );
}
