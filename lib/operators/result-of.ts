import { map, pipe, type OperatorFunction } from 'rxjs';
import type { GenerationResult } from '../schemas/result';
import type { GenerationEvent } from '../events/generation-event';
import { ofType } from './of-type';

/** The run's single `GenerationResult`. */
export function resultOf(): OperatorFunction<GenerationEvent, GenerationResult> {
  return pipe(
    ofType('result'),
    map((event) => event.result),
  );
}
