import { scan, type OperatorFunction } from 'rxjs';
import { flatMapSync } from './flat-map-sync';

/** A step of `scanMap`: the state after a value, and what the value makes the stream emit. */
export interface ScanStep<S, R> {
  state: S;
  emit: readonly R[];
}

/**
 * A scan whose every step emits what it decides (none, one or more values) rather than its state:
 * for flow state that steers a stream (counts, stages) carried in the stream itself.
 */
export function scanMap<T, S, R>(step: (state: S, value: T) => ScanStep<S, R>, seed: S): OperatorFunction<T, R> {
  return (source) =>
    source.pipe(
      scan((last: ScanStep<S, R>, value: T) => step(last.state, value), { state: seed, emit: [] }),
      flatMapSync((next) => next.emit),
    );
}
