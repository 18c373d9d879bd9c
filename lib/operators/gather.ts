import { connect, filter, map, merge, toArray, type OperatorFunction } from 'rxjs';
import { handoff, type Handoff } from './hand-off';

/**
 * Merged stages' handoffs made one: their events pass as they come, and when all are done,
 * one handoff of every value, in the order `order` gives (by default the order they came).
 */
export function gather<E extends { type: string }, T>(order?: (a: T, b: T) => number): OperatorFunction<E | Handoff<T>, Exclude<E, Handoff<T>> | Handoff<T[]>> {
  const isHandoff = (item: E | Handoff<T>): item is Handoff<T> => item.type === 'handoff';
  return (source) =>
    source.pipe(
      connect((shared) =>
        merge(
          shared.pipe(filter((item): item is Exclude<E, Handoff<T>> => !isHandoff(item))),
          shared.pipe(
            filter(isHandoff),
            toArray(),
            map((items) => {
              const values = items.map((item) => item.value);
              return handoff(order ? values.sort(order) : values);
            }),
          ),
        ),
      ),
    );
}
