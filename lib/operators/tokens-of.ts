import { map, pipe, type OperatorFunction } from 'rxjs';
import type { GenerationEvent } from '../events/generation-event';
import { ofType } from './of-type';

/** The streamed text deltas. */
export function tokensOf(): OperatorFunction<GenerationEvent, string> {
  return pipe(
    ofType('token'),
    map((event) => event.delta),
  );
}
