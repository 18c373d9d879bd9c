import { modelFacts, type ModelPrice } from '../models/model-facts';

/**
 * The price of `model` at `provider`, from the model registry (see `modelFacts`). Undefined when
 * unknown (self-hosted OpenAI-compatible servers, models newer than the registry, the simulated
 * provider): such runs carry no `costUsd`, and a `budgetUsd` cannot be enforced for them.
 */
export function priceOf(provider: string, model: string): ModelPrice | undefined {
  return modelFacts(provider, model).prices;
}

/** USD for the given token counts, free of floating-point noise. */
export function costOf(tokens: { inputTokens: number; outputTokens: number }, price: ModelPrice): number {
  const usd = (tokens.inputTokens * price.input + tokens.outputTokens * price.output) / 1_000_000;
  return Number(usd.toFixed(10));
}
