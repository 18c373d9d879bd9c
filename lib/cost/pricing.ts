import { modelFacts, type ModelPrice } from '../models/model-facts';

/**
 * The price of `model` at `provider`, from the model registry (see `modelFacts`). Undefined when
 * unknown (self-hosted OpenAI-compatible servers, models newer than the registry, the simulated
 * provider): such runs carry no `costUsd`, and a `budgetUsd` cannot be enforced for them.
 */
export function priceOf(provider: string, model: string): ModelPrice | undefined {
  return modelFacts(provider, model).prices;
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
