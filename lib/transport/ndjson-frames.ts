import { Observable, type OperatorFunction } from 'rxjs';
import type { WireFrame } from './sse-frames';

/** Turns decoded text chunks into newline-delimited JSON frames, however the chunks split lines. */
export function ndjsonFrames(): OperatorFunction<string, WireFrame> {
  return (source) =>
    new Observable<WireFrame>((subscriber) => {
      let pending = '';
      const emitLine = (line: string): void => {
        const data = line.trim();
        if (data) subscriber.next({ data });
      };
      return source.subscribe({
        next: (chunk) => {
          const lines = (pending + chunk).split('\n');
          pending = lines.pop() ?? '';
          lines.forEach(emitLine);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          emitLine(pending);
          subscriber.complete();
        },
      });
    });
}
