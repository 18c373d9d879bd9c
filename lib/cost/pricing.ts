import { z } from 'zod';
import { ProviderNameSchema } from '../schemas/options';
import pricingData from './prices.json';

export const ModelPriceSchema = z.strictObject({
  /** USD per million input (prompt) tokens. */
  input: z.number().nonnegative(),
  /** USD per million output (completion) tokens. */
  output: z.number().nonnegative(),
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

/** USD for the given token counts, free of floating-point noise. */
export function costOf(tokens: { inputTokens: number; outputTokens: number }, price: ModelPrice): number {
  const usd = (tokens.inputTokens * price.input + tokens.outputTokens * price.output) / 1_000_000;
  return Number(usd.toFixed(10));
}
