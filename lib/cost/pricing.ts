import { z } from 'zod';
import { ProviderNameSchema } from '../schemas/options';
import pricingData from './prices.json';

export const ModelPriceSchema = z.strictObject({
  /** USD per million input (prompt) tokens, uncached. */
  input: z.number().nonnegative(),
  /** USD per million output (completion) tokens. */
  output: z.number().nonnegative(),
  /** USD per million input tokens read from the provider's prompt cache. */
  cacheRead: z.number().nonnegative().optional(),
  /** USD per million input tokens written to the provider's prompt cache. */
  cacheWrite: z.number().nonnegative().optional(),
});
export type ModelPrice = z.infer<typeof ModelPriceSchema>;

export const PricingTableSchema = z.strictObject({
  $comment: z.string().optional(),
  /** The month the prices were last checked against the providers' pricing pages. */
  pricesAsOf: z.string().regex(/^\d{4}-\d{2}$/),
  /** Per provider, per model id; `*` prices every model of a provider (local runtimes). The simulated provider costs nothing. */
  providers: z.partialRecord(ProviderNameSchema.exclude(['simulated']), z.record(z.string(), ModelPriceSchema)),
  /**
   * What the provider's batch engine charges as a fraction of its standard price (OpenAI Batch and
   * Anthropic Message Batches: half), as of `pricesAsOf`. A provider left out has no batch price.
   */
  batchPriceFactor: z.partialRecord(ProviderNameSchema.exclude(['simulated']), z.number().positive().max(1)).optional(),
});
export type PricingTable = z.infer<typeof PricingTableSchema>;

/** The built-in prices (lib/cost/prices.json), checked against the schema when first imported. */
export const PRICING: PricingTable = PricingTableSchema.parse(pricingData);

const ALIAS_SUFFIX = /-(\d{8}|\d{4}-\d{2}-\d{2}|latest)$/;

/**
 * The price of `model` at `provider`: its own entry, else the entry of its base id once a date
 * or `-latest` suffix is dropped (`gpt-4o-mini-2024-07-18` → `gpt-4o-mini`), else the provider's
 * `*` entry. Undefined when unknown (self-hosted OpenAI-compatible servers, new models): such
 * runs carry no `costUsd`, and a `budgetUsd` cannot be enforced for them.
 */
export function priceOf(provider: string, model: string, table: PricingTable = PRICING): ModelPrice | undefined {
  const models = table.providers[provider as keyof PricingTable['providers']];
  if (!models) return undefined;
  const own = (id: string): ModelPrice | undefined => (Object.hasOwn(models, id) ? models[id] : undefined);
  return own(model) ?? own(model.replace(ALIAS_SUFFIX, '')) ?? own('*');
}

/** Token counts to price: all input, output, and the parts of the input read from and written to the prompt cache. */
export interface PricedTokens {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
  cacheWriteInputTokens?: number;
}

const usdOf = (usdPerMillionTokens: number): number => Number((usdPerMillionTokens / 1_000_000).toFixed(10));

/**
 * USD for the given token counts, free of floating-point noise: cache reads and writes at the
 * model's cache rates, the rest of the input at the input rate. A cache rate the price does not
 * know is taken as the input rate, so that no saving is claimed that cannot be shown.
 */
export function costOf(tokens: PricedTokens, price: ModelPrice): number {
  const read = tokens.cachedInputTokens ?? 0;
  const written = tokens.cacheWriteInputTokens ?? 0;
  const uncached = Math.max(0, tokens.inputTokens - read - written);
  return usdOf(
    uncached * price.input + read * (price.cacheRead ?? price.input) + written * (price.cacheWrite ?? price.input) + tokens.outputTokens * price.output,
  );
}

/**
 * What the prompt cache saved (negative when writing it cost more than reading it saved): the
 * cost of the same tokens all at the input rate, less their cost as billed.
 */
export function cacheSavingOf(tokens: PricedTokens, price: ModelPrice): number {
  const uncached = costOf({ inputTokens: tokens.inputTokens, outputTokens: tokens.outputTokens }, price);
  return Number((uncached - costOf(tokens, price)).toFixed(10));
}
