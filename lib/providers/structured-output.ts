import { z } from 'zod';
import { ProviderError } from '../errors';
import { structuredAnswerSchema } from '../schemas/structured-personas';

export type JsonSchema = Record<string, unknown>;

/** What a provider's native JSON-schema mode is asked for: one named schema for the whole answer. */
export interface StructuredOutput {
  name: string;
  description: string;
  schema: JsonSchema;
}

const NAME = 'personas';
const DESCRIPTION = 'The user personas built from the research data';

function jsonSchemaOf(includeReasoning: boolean): JsonSchema {
  // `$schema` names the draft; strict modes reject keywords they do not know, so it stays out.
  const { $schema: _draft, ...schema } = z.toJSONSchema(structuredAnswerSchema(includeReasoning), { io: 'output' });
  return schema;
}

const VARIANTS = {
  withReasoning: { name: NAME, description: DESCRIPTION, schema: jsonSchemaOf(true) },
  withoutReasoning: { name: NAME, description: DESCRIPTION, schema: jsonSchemaOf(false) },
} as const satisfies Record<string, StructuredOutput>;

/** The persona answer's schema, with a reasoning field when reasoning was asked for. */
export function structuredOutput(includeReasoning: boolean): StructuredOutput {
  return includeReasoning ? VARIANTS.withReasoning : VARIANTS.withoutReasoning;
}

/** What services say when a model lacks the schema mode: OpenAI, Anthropic, Gemini and Ollama wordings. */
const SCHEMA_MODE_WORDS = /response_format|json_schema|json mode|structured output|tool|format|schema/i;

/**
 * A 400 that refuses the schema mode itself (a model without support), as opposed to one about
 * anything else in the request: the run falls back once to plain JSON prompting.
 */
export function refusesStructuredOutput(error: unknown): error is ProviderError {
  return error instanceof ProviderError && error.status === 400 && SCHEMA_MODE_WORDS.test(error.providerMessage ?? error.message);
}
