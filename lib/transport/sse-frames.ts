import { createParser } from 'eventsource-parser';
import { defer, type OperatorFunction } from 'rxjs';
import { flatMapSync } from '../operators/flat-map-sync';
import type { Framer } from './framer';

/** One framed message of a streamed response. */
export interface WireFrame {
  event?: string;
  data: string;
}

/** Server-Sent Events out of decoded text chunks, however the chunks split the frames. */
export function sseFramer(): Framer {
  let frames: WireFrame[] = [];
  const parser = createParser({ onEvent: (event) => frames.push({ event: event.event, data: event.data }) });
  return {
    push(chunk) {
      parser.feed(chunk);
      const complete = frames;
      frames = [];
      return complete;
    },
    end: () => [],
  };
}

/** Turns decoded text chunks into Server-Sent Events, however the chunks split the frames. */
export function sseFrames(): OperatorFunction<string, WireFrame> {
  return framed(sseFramer);
}

/** A framer as an operator: one frame per emission, the framer's rest flushed on completion. */
export function framed(framer: () => Framer): OperatorFunction<string, WireFrame> {
  return (source) =>
    defer(() => {
      const frames = framer();
      return source.pipe(flatMapSync((chunk: string) => frames.push(chunk), () => frames.end()));
    });
}
