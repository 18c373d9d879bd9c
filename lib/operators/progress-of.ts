import type { OperatorFunction } from 'rxjs';
import type { GenerationEvent, ProgressEvent } from '../events/generation-event';
import { ofType } from './of-type';

/** The run's `progress` events. */
export function progressOf(): OperatorFunction<GenerationEvent, ProgressEvent> {
  return ofType('progress');
}
