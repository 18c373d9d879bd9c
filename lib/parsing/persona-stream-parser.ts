import { JSONParser } from '@streamparser/json';
import type { Persona } from '../schemas/persona';
import { answerStart } from './extract-output';
import { JsonDepthGauge } from './json-depth';
import { normalizePersona } from './normalize-persona';

/**
 * Finds personas in text that is still arriving: each is returned by the `push` that closes its
 * JSON object, long before the response ends. It gives up quietly on anything unexpected; the
 * whole-output parse at the end is the authority and reports errors.
 */
export class PersonaStreamParser {
  private text = '';
  /** Text after the last bracket fed: held back so that words after the answer never reach the parser. */
  private held = '';
  private parser?: JSONParser;
  private stopped = false;
  private found: Persona[] = [];
  private readonly depth = new JsonDepthGauge();

  /** `maxPersonas`: the run's `count`; personas past it are never returned (the final parse cuts them too). */
  constructor(private readonly maxPersonas = Number.POSITIVE_INFINITY) {}

  /** How many personas have been returned so far. */
  get count(): number {
    return this.found.length;
  }

  push(delta: string): Persona[] {
    if (this.stopped) return [];
    const completed: Persona[] = [];
    const collect = (value: unknown): void => {
      if (this.stopped) return;
      const persona = normalizePersona(value, this.found.length + completed.length);
      if (persona) completed.push(persona);
      if (!persona || this.found.length + completed.length >= this.maxPersonas) this.stop();
    };
    if (this.parser) {
      this.feed(delta, collect);
    } else {
      this.text += delta;
      const start = answerStart(this.text);
      if (start !== undefined) {
        const topLevelArray = this.text[start] === '[';
        this.parser = new JSONParser({ paths: [topLevelArray ? '$.*' : '$.personas.*'], keepStack: false });
        this.feed(this.text.slice(start), collect);
        this.text = '';
      }
    }
    this.found.push(...completed);
    return completed;
  }

  /**
   * Writes `text` up to its last bracket, the rest held for the next push. A persona completes at a
   * bracket, so this delays nothing, and the closing tag or fence after the answer is never
   * written: the tokenizer would throw on it, which costs a stack trace per run.
   */
  private feed(text: string, collect: (value: unknown) => void): void {
    const parser = this.parser as JSONParser;
    if (parser.isEnded) {
      this.stop();
      return;
    }
    // Too deep to be a persona: stop before such an object is built, and leave the error to the final parse.
    if (this.depth.push(text)) {
      this.stop();
      return;
    }
    // Only the new text is searched, so a long bracket-free stretch costs nothing per push.
    const cut = Math.max(text.lastIndexOf('}'), text.lastIndexOf(']')) + 1;
    if (cut === 0) {
      this.held += text;
      return;
    }
    const ready = this.held + text.slice(0, cut);
    this.held = text.slice(cut);
    parser.onValue = ({ value }) => collect(value);
    try {
      parser.write(ready);
    } catch {
      // Text after the answer (a closing fence or tag) or malformed JSON: the final parse decides.
      this.stop();
    }
  }

  private stop(): void {
    this.stopped = true;
    this.parser = undefined;
  }
}
