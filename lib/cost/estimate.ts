import { z } from 'zod';
import { withTypicalBoundary } from '../prompts/fence';
import type { RenderedPrompt } from '../prompts/render-prompt';
import type { ResolvedPersonaConfig } from '../schemas/config';
import { contextWindowFor } from '../models/context-window';
import { modelFacts, ModelFactsSchema } from '../models/model-facts';
import { costOf, priceOf } from './pricing';
import type { TokenCounter } from './token-counter';

export const CostEstimateSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  /** Expected, not counted: what a run of this config usually produces, capped by `maxTokens`. */
  outputTokens: z.number().int().nonnegative(),
  /** Absent when no price is known for the model. */
  costUsd: z.number().nonnegative().optional(),
  provider: z.string(),
  model: z.string(),
  /** How `inputTokens` was counted: the model's tokenizer, or the four-characters approximation. */
  tokenCounting: z.enum(['tokenizer', 'approximation']),
  /** Tokens of prompt plus output the model accepts: the generator's `contextWindow`, else the registry's; absent when unknown. */
  contextWindow: z.number().int().positive().optional(),
  /** The date of the model registry the prices and the window come from. */
  registryDate: z.string(),
  /** Set when the model is deprecated: its announced end of life and replacement. */
  deprecated: ModelFactsSchema.shape.deprecated,
  /** When the data does not fit the window: the chunks it will be cut into, one request each. */
  chunks: z.number().int().positive().optional(),
  /** When the data does not fit the window: the consolidation requests that merge the chunks' candidates. */
  consolidations: z.number().int().positive().optional(),
});
export type CostEstimate = z.infer<typeof CostEstimateSchema>;

/** Everything an estimate depends on: who answers, and the exact prompt of the run. */
export interface CostRequest {
  provider: string;
  model: string;
  prompt: RenderedPrompt;
  config: ResolvedPersonaConfig;
  /** The generator's `contextWindow` option, which overrides the registry's. */
  contextWindow?: number;
}

// Output sizes measured on typical persona JSON; a persona's length follows the detail level,
// its depth the complexity.
const TOKENS_PER_PERSONA = { minimal: 200, standard: 400, detailed: 800 } as const;
const COMPLEXITY_FACTOR = { simple: 0.75, moderate: 1, complex: 1.5 } as const;
const REASONING_TOKENS = 400;
const ENVELOPE_TOKENS = 20;
// Chat formatting adds about three tokens per message and three to prime the reply.
export const CHAT_OVERHEAD_TOKENS = 9;

export function expectedOutputTokens(config: ResolvedPersonaConfig): number {
  const personas = config.count * TOKENS_PER_PERSONA[config.detailLevel] * COMPLEXITY_FACTOR[config.complexity];
  const expected = Math.ceil(personas + (config.includeReasoning ? REASONING_TOKENS : 0) + ENVELOPE_TOKENS);
  return Math.min(expected, config.maxTokens);
}

/** The prompt's tokens, its random fence boundary counted as a typical one: the same estimate for every render of a config. */
export function promptTokens(counter: TokenCounter, { system, prompt, boundary }: RenderedPrompt): number {
  return counter.count(withTypicalBoundary(system, boundary)) + counter.count(withTypicalBoundary(prompt, boundary)) + CHAT_OVERHEAD_TOKENS;
}

export function estimateWith(counter: TokenCounter, request: CostRequest, price = priceOf(request.provider, request.model)): CostEstimate {
  const tokens = { inputTokens: promptTokens(counter, request.prompt), outputTokens: expectedOutputTokens(request.config) };
  const { registryDate, deprecated } = modelFacts(request.provider, request.model);
  const contextWindow = contextWindowFor(request.provider, request.model, request.contextWindow);
  return {
    ...tokens,
    ...(price ? { costUsd: costOf(tokens, price) } : {}),
    provider: request.provider,
    model: request.model,
    tokenCounting: counter.method,
    ...(contextWindow !== undefined && { contextWindow }),
    registryDate,
    ...(deprecated && { deprecated }),
  };
}
