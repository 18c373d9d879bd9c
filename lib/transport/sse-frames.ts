import { createParser } from 'eventsource-parser';
import { Observable, type OperatorFunction } from 'rxjs';

/** One framed message of a streamed response. */
export interface WireFrame {
  event?: string;
  data: string;
}

/** Turns decoded text chunks into Server-Sent Events, however the chunks split the frames. */
export function sseFrames(): OperatorFunction<string, WireFrame> {
  return (source) =>
    new Observable<WireFrame>((subscriber) => {
      const parser = createParser({
        onEvent: (event) => subscriber.next({ event: event.event, data: event.data }),
      });
      return source.subscribe({
        next: (chunk) => parser.feed(chunk),
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}
