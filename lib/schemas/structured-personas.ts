import { z } from 'zod';
import type { Persona } from './persona';

/**
 * The personas as a provider's strict JSON-schema mode can hold them. Strict schemas cannot
 * hold an open record, so `demographics` and `additional` travel as key/value pairs and an
 * absent title as null; the parser maps them back, so a `Persona` is the same in both modes.
 */
const KeyValuePairsSchema = z
  .array(
    z.strictObject({
      key: z.string(),
      value: z.string().describe('The value as text; a list or object as JSON'),
    }),
  )
  .describe('Key/value pairs');

const listOf = (what: string) => z.array(z.string()).describe(what);

// Every field of Persona the model writes has its wire counterpart, or this does not compile.
const structuredPersonaFields = {
  id: z.string().describe('A short stable id, such as persona-1'),
  name: z.string(),
  title: z.string().nullable().describe('Role or job title, or null'),
  demographics: KeyValuePairsSchema.describe('Demographics as key/value pairs, such as age_range and occupation'),
  goals: listOf('What this persona wants to achieve'),
  painPoints: listOf('What gets in their way'),
  behaviours: listOf('What they do, as observed in the data'),
  quotes: listOf("The participants' own words, verbatim from the research data"),
  additional: KeyValuePairsSchema.describe('Anything else worth keeping, as key/value pairs; often empty'),
} satisfies Record<Exclude<keyof Persona, 'evidence'>, z.ZodType>;

export const StructuredPersonaSchema = z.strictObject(structuredPersonaFields);

/**
 * The whole answer; the reasoning comes first so that it is written before the personas. One
 * schema whether reasoning was asked for or not (then it is null), so that the schema, which the
 * providers cache with the prompt prefix, is the same for every config.
 */
export const StructuredAnswerSchema = z.strictObject({
  reasoning: z.string().nullable().describe('Which patterns in the data led to each persona, when the instructions ask for it; otherwise null'),
  personas: z.array(StructuredPersonaSchema),
});
