import type { OperatorFunction } from 'rxjs';
import type { WireFrame } from '../transport/framer';
import { ndjsonFramer } from '../transport/ndjson-framer';
import { framed } from './framed';

/** Turns decoded text chunks into newline-delimited JSON frames, however the chunks split lines. */
export function ndjsonFrames(): OperatorFunction<string, WireFrame> {
  return framed(ndjsonFramer);
}
