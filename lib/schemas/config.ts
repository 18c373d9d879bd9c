import { z } from 'zod';
import { UnverifiedQuotesSchema } from './evidence';

export const ComplexitySchema = z.enum(['simple', 'moderate', 'complex']);
export const DetailLevelSchema = z.enum(['minimal', 'standard', 'detailed']);

export const DataDocumentSchema = z.object({
  name: z.string().min(1),
  content: z.string(),
});
export type DataDocument = z.infer<typeof DataDocumentSchema>;

export const PersonaConfigSchema = z.strictObject({
  count: z.number().int().min(1).max(20).default(3),
  complexity: ComplexitySchema.default('moderate'),
  detailLevel: DetailLevelSchema.default('standard'),
  includeReasoning: z.boolean().default(false),
  temperature: z.number().min(0).max(2).default(0.7),
  maxTokens: z.number().int().min(100).max(100_000).default(4096),
  /** A built-in template name, or template text. */
  template: z.string().min(1).optional(),
  /** Research data as text, or named documents; with an experiment and no data, its data files. */
  data: z.union([z.string().min(1), z.array(DataDocumentSchema).min(1)]).optional(),
  budgetUsd: z.number().positive().optional(),
  /** Quotes not found in the research data stay in `persona.quotes` ('keep') or leave it ('drop'). */
  unverifiedQuotes: UnverifiedQuotesSchema.default('keep'),
  /**
   * Research data larger than the model's context window: 'auto' splits it into chunks and
   * consolidates their personas; 'off' refuses it with ContextWindowError before any request.
   */
  chunking: z.enum(['auto', 'off']).default('auto'),
});

/** What callers write: every field with a default may be left out. */
export type PersonaConfig = z.input<typeof PersonaConfigSchema>;
/** The validated config, defaults filled in. */
export type ResolvedPersonaConfig = z.output<typeof PersonaConfigSchema>;
