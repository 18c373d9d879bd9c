import { filter, type OperatorFunction } from 'rxjs';
import type { GenerationEvent, GenerationEventType } from '../events/generation-event';

/** Keeps the events of one kind, narrowed to that kind's type. */
export function ofType<T extends GenerationEventType>(
  type: T,
): OperatorFunction<GenerationEvent, Extract<GenerationEvent, { type: T }>> {
  return filter((event): event is Extract<GenerationEvent, { type: T }> => event.type === type);
}
