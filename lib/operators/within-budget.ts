import { concatMap, identity, tap, type MonoTypeOperatorFunction } from 'rxjs';
import { BudgetExceededError, ConfigurationError } from '../errors';
import type { GenerationEvent } from '../events/generation-event';
import { estimateWith, type CostRequest } from '../cost/estimate';
import { formatUsd } from '../cost/format-usd';
import { costOf, priceOf } from '../cost/pricing';
import { tokenCounter$ } from '../cost/token-counter';

/**
 * Holds a run to `budgetUsd`. Before the source is subscribed (so before any request), a run
 * whose estimate exceeds the budget fails with BudgetExceededError. While it streams, the cost so
 * far (the prompt once per attempt, plus every streamed token) is kept, and the run fails (its
 * request aborted) as soon as that passes the budget. Without a budget the source is untouched.
 * Items that are not events (a stage's handoff) pass through uncounted.
 */
export function withinBudget<E extends GenerationEvent | { type: 'handoff' }>(
  budgetUsd: number | undefined,
  request: CostRequest,
): MonoTypeOperatorFunction<E> {
  if (budgetUsd === undefined) return identity;
  return (source) =>
    tokenCounter$(request.provider, request.model).pipe(
      concatMap((counter) => {
        const price = priceOf(request.provider, request.model);
        if (!price) {
          throw new ConfigurationError(
            `budgetUsd cannot be enforced: no price is known for ${request.provider} model '${request.model}'`,
            [{ path: 'budgetUsd', message: 'no price known for the model' }],
          );
        }
        const estimate = estimateWith(counter, request, price);
        const estimatedUsd = costOf(estimate, price);
        if (estimatedUsd > budgetUsd) {
          throw new BudgetExceededError(
            `The estimated cost ${formatUsd(estimatedUsd)} (${estimate.inputTokens} input, ~${estimate.outputTokens} output tokens) exceeds the budget of ${formatUsd(budgetUsd)}`,
            { budgetUsd, costUsd: estimatedUsd },
          );
        }
        let attempts = 1;
        let outputTokens = 0;
        return source.pipe(
          tap<E>((event: GenerationEvent | { type: 'handoff' }) => {
            if (event.type === 'retry') attempts = event.attempt;
            if (event.type !== 'token') return;
            outputTokens += counter.count(event.delta);
            const spentUsd = costOf({ inputTokens: attempts * estimate.inputTokens, outputTokens }, price);
            if (spentUsd > budgetUsd) {
              throw new BudgetExceededError(
                `The run was stopped: its cost so far, ${formatUsd(spentUsd)}, passed the budget of ${formatUsd(budgetUsd)}`,
                { budgetUsd, costUsd: spentUsd },
              );
            }
          }),
        );
      }),
    );
}
