import { defer, type OperatorFunction } from 'rxjs';
import type { Framer, WireFrame } from '../transport/framer';
import { flatMapSync } from './flat-map-sync';

/** A framer as an operator: one frame per emission, the framer's rest flushed on completion. */
export function framed(framer: () => Framer): OperatorFunction<string, WireFrame> {
  return (source) =>
    defer(() => {
      const frames = framer();
      return source.pipe(flatMapSync((chunk: string) => frames.push(chunk), () => frames.end()));
    });
}
