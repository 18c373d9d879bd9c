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
