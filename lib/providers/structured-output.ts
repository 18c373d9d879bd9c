import { z } from 'zod';
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
