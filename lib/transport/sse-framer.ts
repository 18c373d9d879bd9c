import { createParser } from 'eventsource-parser';
import type { Framer, WireFrame } from './framer';

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
