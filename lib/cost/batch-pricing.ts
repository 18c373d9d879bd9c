import { PRICING, priceOf, type ModelPrice, type PricingTable } from './pricing';

/**
 * The price of `model` when its requests go through the provider's batch engine: the standard
 * price times the table's batch factor. Undefined when either is unknown.
 */
export function batchPriceOf(provider: string, model: string, table: PricingTable = PRICING): ModelPrice | undefined {
  const factor = table.batchPriceFactor?.[provider as keyof NonNullable<PricingTable['batchPriceFactor']>];
  const price = priceOf(provider, model, table);
  if (factor === undefined || !price) return undefined;
  return { input: price.input * factor, output: price.output * factor };
}
