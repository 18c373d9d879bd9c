import type { Framer, WireFrame } from './framer';

function lineFrames(lines: string[]): WireFrame[] {
  const frames: WireFrame[] = [];
  for (const line of lines) {
    const data = line.trim();
    if (data) frames.push({ data });
  }
  return frames;
}

/** Newline-delimited JSON frames out of decoded text chunks, however the chunks split lines. */
export function ndjsonFramer(): Framer {
  let pending = '';
  return {
    push(chunk) {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      return lineFrames(lines);
    },
    end: () => lineFrames([pending]),
  };
}
