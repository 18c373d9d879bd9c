import { concatMap, identity, type MonoTypeOperatorFunction } from 'rxjs';
import { BudgetExceededError } from '../errors';
import type { GenerationEvent } from '../events/generation-event';
import { scanMap, type ScanStep } from '../operators/scan-map';
import type { RenderedPrompt } from '../prompts/render-prompt';
import { estimateWith, promptTokens, type CostRequest } from '../cost/estimate';
import { formatUsd } from '../cost/format-usd';
import type { ModelPrice } from '../models/model-facts';
import { affordable } from '../cost/affordable';
import { costOf } from '../cost/pricing';
import { tokenCounter$, type TokenCounter } from '../cost/token-counter';

/**
 * Marks, in a run's stream, that the attempts from here on send another prompt (a fallback to
 * plain JSON prompting): what they cost is priced from that prompt. Never leaves the run.
 */
export interface Resent {
  type: 'resent';
  prompt: RenderedPrompt;
}

/** What a run has spent so far, in tokens, as its events tell. */
export interface Spent {
  /** Input tokens of every attempt before the current prompt's first. */
  earlierInput: number;
  /** The attempt the current prompt was first sent at, and its tokens. */
  first: number;
  promptTokens: number;
  /** The attempt running now. */
  attempt: number;
  outputTokens: number;
}

type Counted = GenerationEvent | { type: 'handoff' } | Resent;

/** The spending after one more item of a run: a prompt per attempt, and every streamed token. */
export function spentAfter(spent: Spent, item: Counted, counter: TokenCounter): Spent {
  switch (item.type) {
    case 'retry':
      return { ...spent, attempt: item.attempt };
    case 'token':
      return { ...spent, outputTokens: spent.outputTokens + counter.count(item.delta) };
    case 'resent':
      return {
        ...spent,
        earlierInput: inputTokens(spent),
        first: spent.attempt + 1,
        promptTokens: promptTokens(counter, item.prompt),
      };
    default:
      return spent;
  }
}

function inputTokens({ earlierInput, first, promptTokens: tokens, attempt }: Spent): number {
  return earlierInput + tokens * Math.max(0, attempt - first + 1);
}

/**
 * Holds a run to `budgetUsd`. Before the source is subscribed (so before any request), a run
 * whose estimate exceeds the budget fails with BudgetExceededError. While it streams, the cost so
 * far (each attempt's prompt, plus every streamed token) travels with the stream as a scan, and
 * the run fails (its request aborted) as soon as that passes the budget. Without a budget the
 * source is untouched. Items that are not events (a stage's handoff) pass through uncounted.
 */
export function withinBudget<E extends Counted>(budgetUsd: number | undefined, request: CostRequest): MonoTypeOperatorFunction<E> {
  if (budgetUsd === undefined) return identity;
  return (source) =>
    tokenCounter$(request.provider, request.model).pipe(
      concatMap((counter) => {
        const estimate = estimateWith(counter, request);
        const price = affordable(budgetUsd, request.provider, request.model, estimate);
        const seed: Spent = { earlierInput: 0, first: 1, promptTokens: estimate.inputTokens, attempt: 1, outputTokens: 0 };
        return source.pipe(scanMap((spent: Spent, item: E) => budgetStep(spent, item, counter, price, budgetUsd), seed));
      }),
    );
}

/** One item through the budget: counted, and passed on unless it carried the run past the budget. */
function budgetStep<E extends Counted>(spent: Spent, item: E, counter: TokenCounter, price: ModelPrice, budgetUsd: number): ScanStep<Spent, E> {
  const next = spentAfter(spent, item, counter);
  if (item.type !== 'token') return { state: next, emit: [item] };
  const spentUsd = costOf({ inputTokens: inputTokens(next), outputTokens: next.outputTokens }, price);
  if (spentUsd > budgetUsd) {
    throw new BudgetExceededError(`The run was stopped: its cost so far, ${formatUsd(spentUsd)}, passed the budget of ${formatUsd(budgetUsd)}`, {
      budgetUsd,
      costUsd: spentUsd,
    });
  }
  return { state: next, emit: [item] };
}
