import type { OperatorFunction } from 'rxjs';
import type { WireFrame } from '../transport/framer';
import { sseFramer } from '../transport/sse-framer';
import { framed } from './framed';

/** Turns decoded text chunks into Server-Sent Events, however the chunks split the frames. */
export function sseFrames(): OperatorFunction<string, WireFrame> {
  return framed(sseFramer);
}
