import type { Persona } from '../schemas/persona';
import type { GenerationResult } from '../schemas/result';

/** A result as pretty-printed JSON (two-space indent, trailing newline), as saved in `result.json`. */
export function resultToJson(result: GenerationResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

/** One persona as pretty-printed JSON, as saved next to its Markdown in a run directory. */
export function personaToJson(persona: Persona): string {
  return `${JSON.stringify(persona, null, 2)}\n`;
}
