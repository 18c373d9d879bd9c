import { approximateTokenCount } from '../cost/token-counter';
import type { TokenUsage } from '../providers/provider';
import type { Usage } from '../schemas/result';

/** Reported usage, or a character-count estimate (marked `estimated`) when the provider sent none. */
export function completeUsage(reported: TokenUsage, promptText: string, outputText: string): Usage {
  const estimated = reported.inputTokens === undefined || reported.outputTokens === undefined;
  const inputTokens = reported.inputTokens ?? approximateTokenCount(promptText);
  const outputTokens = reported.outputTokens ?? approximateTokenCount(outputText);
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens, ...(estimated ? { estimated } : {}) };
}

/** Usage known so far with what a later chunk reported: a count the chunk left out stays as it was. */
export function mergeUsage(known: TokenUsage, reported: TokenUsage): TokenUsage {
  return { ...known, ...Object.fromEntries(Object.entries(reported).filter(([, value]) => value !== undefined)) };
}
