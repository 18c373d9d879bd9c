import { ParseError } from '../errors';
import type { Persona } from '../schemas/persona';
import { extractOutput } from './extract-output';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';
import { normalizePersona } from './normalize-persona';

export interface ParsedOutput {
  personas: Persona[];
  reasoning?: string;
}

/** The persona objects of a decoded answer: `{ personas: [...] }`, a bare array, or one persona. */
function personaItems(answer: unknown): unknown[] | undefined {
  if (Array.isArray(answer)) return answer;
  if (typeof answer !== 'object' || answer === null) return undefined;
  const personas = (answer as { personas?: unknown }).personas;
  if (Array.isArray(personas)) return personas;
  return 'name' in answer ? [answer] : undefined;
}

function reasoningField(answer: unknown): string | undefined {
  const reasoning = typeof answer === 'object' && answer !== null ? (answer as { reasoning?: unknown }).reasoning : undefined;
  return typeof reasoning === 'string' && reasoning.trim() ? reasoning.trim() : undefined;
}

/** Parses a model's whole answer into personas, or fails with ParseError and an excerpt. */
export function parsePersonas(text: string): ParsedOutput {
  const { reasoning, json } = extractOutput(text);
  if (json === undefined) throw new ParseError('The model output contains no JSON', text);
  if (nestsDeeperThan(json)) throw new ParseError(`The model output nests deeper than ${MAX_JSON_DEPTH} levels`, text);
  let answer: unknown;
  try {
    answer = JSON.parse(json);
  } catch (error) {
    throw new ParseError(`The model output is not valid JSON: ${(error as Error).message}`, text);
  }
  const items = personaItems(answer);
  if (!items || items.length === 0) throw new ParseError('The model output holds no personas', text);
  const personas = items.map((item, index) => {
    const persona = normalizePersona(item, index);
    if (!persona) throw new ParseError(`Persona ${index + 1} is not a persona object with a name`, text);
    return persona;
  });
  // Structured output carries the reasoning as a field of the answer rather than in a block.
  const reasoningText = reasoning ?? reasoningField(answer);
  return { personas, ...(reasoningText ? { reasoning: reasoningText } : {}) };
}
