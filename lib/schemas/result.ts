import { z } from 'zod';
import { QualitySchema } from './evidence';
import { PersonaSchema } from './persona';

export const UsageSchema = z.object({
  /** All input tokens: cached, written to the cache, or neither. */
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative(),
  /** Input tokens served from the provider's prompt cache (a part of `inputTokens`). */
  cachedInputTokens: z.number().int().nonnegative().optional(),
  /** Input tokens written to the provider's prompt cache (Anthropic; a part of `inputTokens`). */
  cacheWriteInputTokens: z.number().int().nonnegative().optional(),
  /** True when the provider reported no usage and the figures are a character-count estimate. */
  estimated: z.boolean().optional(),
});
export type Usage = z.infer<typeof UsageSchema>;

/** A candidate persona of a chunked run: the chunk (1-based) whose request proposed it, and its id there. */
export const CandidateRefSchema = z.object({
  chunk: z.number().int().positive(),
  id: z.string(),
});
export type CandidateRef = z.infer<typeof CandidateRefSchema>;

/** Which candidates each final persona of a chunked run merged. */
export const ConsolidationSchema = z.array(
  z.object({
    personaId: z.string(),
    candidates: z.array(CandidateRefSchema),
  }),
);
export type Consolidation = z.infer<typeof ConsolidationSchema>;

export const GenerationResultSchema = z.object({
  runId: z.string(),
  personas: z.array(PersonaSchema),
  reasoning: z.string().optional(),
  usage: UsageSchema,
  costUsd: z.number().nonnegative().optional(),
  /**
   * What the provider's prompt cache saved on this run, in USD: the input at full price less the
   * input as billed (negative when a cache write cost more than it saved). Present when the run
   * read from or wrote to the cache (a count above zero) and the model's price is known.
   */
  cacheSavingUsd: z.number().optional(),
  provider: z.string(),
  model: z.string(),
  sourceFiles: z.array(z.string()),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number().nonnegative(),
  attempts: z.number().int().positive(),
  /** How many of the personas' quotes were found in the research data. */
  quality: QualitySchema,
  outputDir: z.string().optional(),
  /** How many chunks the research data was cut into; absent when it fit one request. */
  chunks: z.number().int().positive().optional(),
  /** Which candidates each persona merged, when the data was chunked. */
  consolidation: ConsolidationSchema.optional(),
  /** True when the run was not requested again but replayed from an earlier, saved run of the same job. */
  resumed: z.boolean().optional(),
});
export type GenerationResult = z.infer<typeof GenerationResultSchema>;
