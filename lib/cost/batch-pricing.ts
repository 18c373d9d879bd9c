import type { ModelPrice } from '../models/model-facts';
import { priceOf } from './pricing';

/**
 * What a provider's batch engine charges as a fraction of its standard price (OpenAI Batch and
 * Anthropic Message Batches: half, cache rates included). A provider left out has no batch price.
 */
const BATCH_PRICE_FACTOR: Readonly<Record<string, number>> = { openai: 0.5, anthropic: 0.5 };

/** The price of `model` when its requests go through the provider's batch engine. Undefined when either is unknown. */
export function batchPriceOf(provider: string, model: string): ModelPrice | undefined {
  const factor = Object.hasOwn(BATCH_PRICE_FACTOR, provider) ? BATCH_PRICE_FACTOR[provider] : undefined;
  const price = priceOf(provider, model);
  if (factor === undefined || !price) return undefined;
  // Every rate, cache reads and writes included, at the batch discount.
  return Object.fromEntries(Object.entries(price).map(([rate, usd]) => [rate, usd * factor])) as ModelPrice;
}
