/**
 * The deepest a model's answer may nest objects and arrays. A persona needs five or six
 * levels; anything near this is hostile, and far deeper answers would overflow the stack of
 * every recursive reader downstream (JSON.stringify at save, structured clone, loggers).
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Tracks how deep JSON text nests while it arrives in pieces, counting brackets outside
 * strings. It reads text that may not be JSON at all (prose around the answer) without
 * failing: it only ever answers whether the limit was passed.
 */
export class JsonDepthGauge {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private exceeded = false;

  constructor(private readonly limit = MAX_JSON_DEPTH) {}

  /** Reads the next piece; true once the text has nested deeper than the limit. */
  push(text: string): boolean {
    for (let index = 0; index < text.length && !this.exceeded; index += 1) this.read(text[index]);
    return this.exceeded;
  }

  private read(character: string): void {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (character === '\\') this.escaped = true;
      else if (character === '"') this.inString = false;
      return;
    }
    if (character === '"') this.inString = true;
    else if (character === '{' || character === '[') this.exceeded = (this.depth += 1) > this.limit;
    else if ((character === '}' || character === ']') && this.depth > 0) this.depth -= 1;
  }
}

/** Whether JSON text nests deeper than `limit`. */
export function nestsDeeperThan(json: string, limit = MAX_JSON_DEPTH): boolean {
  return new JsonDepthGauge(limit).push(json);
}
