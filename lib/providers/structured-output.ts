import { z } from 'zod';
import { ProviderError } from '../errors';
import { StructuredAnswerSchema } from '../schemas/structured-personas';

export type JsonSchema = Record<string, unknown>;

/** What a provider's native JSON-schema mode is asked for: one named schema for the whole answer. */
export interface StructuredOutput {
  name: string;
  description: string;
  schema: JsonSchema;
}

const NAME = 'personas';
const DESCRIPTION = 'The user personas built from the research data';

function jsonSchema(): JsonSchema {
  // `$schema` names the draft; strict modes reject keywords they do not know, so it stays out.
  const { $schema: _draft, ...schema } = z.toJSONSchema(StructuredAnswerSchema, { io: 'output' });
  return schema;
}

/**
 * The persona answer's schema: one for every config (its reasoning field null when not asked
 * for), so that it stays inside the prompt prefix the providers cache.
 */
export const PERSONAS_OUTPUT: StructuredOutput = { name: NAME, description: DESCRIPTION, schema: jsonSchema() };

/** What services say when a model lacks the schema mode: OpenAI, Anthropic, Gemini and Ollama wordings. */
const SCHEMA_MODE_WORDS = /response_format|json_schema|json mode|structured output|tool|format|schema/i;

/**
 * A 400 that refuses the schema mode itself (a model without support), as opposed to one about
 * anything else in the request: the run falls back once to plain JSON prompting.
 */
export function refusesStructuredOutput(error: unknown): error is ProviderError {
  return error instanceof ProviderError && error.status === 400 && SCHEMA_MODE_WORDS.test(error.providerMessage ?? error.message);
}
