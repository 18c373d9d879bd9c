import { BudgetExceededError, ConfigurationError } from '../errors';
import type { ModelPrice } from '../models/model-facts';
import { formatUsd } from './format-usd';
import { costOf, priceOf } from './pricing';

/**
 * The model's price, once an estimate of the whole run is known to fit `budgetUsd`: a model with
 * no known price cannot be held to a budget (ConfigurationError), and an estimate over it fails
 * before any request (BudgetExceededError).
 */
export function affordable(budgetUsd: number, provider: string, model: string, estimate: { inputTokens: number; outputTokens: number }): ModelPrice {
  const price = priceOf(provider, model);
  if (!price) {
    throw new ConfigurationError(`budgetUsd cannot be enforced: no price is known for ${provider} model '${model}'`, [
      { path: 'budgetUsd', message: 'no price known for the model' },
    ]);
  }
  const estimatedUsd = costOf(estimate, price);
  if (estimatedUsd > budgetUsd) {
    throw new BudgetExceededError(
      `The estimated cost ${formatUsd(estimatedUsd)} (${estimate.inputTokens} input, ~${estimate.outputTokens} output tokens) exceeds the budget of ${formatUsd(budgetUsd)}`,
      { budgetUsd, costUsd: estimatedUsd },
    );
  }
  return price;
}
