import { approximateTokenCount } from '../cost/token-counter';
import type { TokenUsage } from '../providers/provider';
import type { Usage } from '../schemas/result';

/**
 * Reported usage, or a character-count estimate (marked `estimated`) when the provider sent none.
 * The cache figures are kept only with a reported input count, of which they are parts.
 */
export function completeUsage(reported: TokenUsage, promptText: string, outputText: string): Usage {
  const estimated = reported.inputTokens === undefined || reported.outputTokens === undefined;
  const inputTokens = reported.inputTokens ?? approximateTokenCount(promptText);
  const outputTokens = reported.outputTokens ?? approximateTokenCount(outputText);
  const cache = reported.inputTokens === undefined ? {} : cacheFigures(reported);
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens, ...cache, ...(estimated ? { estimated } : {}) };
}

function cacheFigures({ cachedInputTokens, cacheWriteInputTokens }: TokenUsage): Pick<Usage, 'cachedInputTokens' | 'cacheWriteInputTokens'> {
  return {
    ...(cachedInputTokens !== undefined ? { cachedInputTokens } : {}),
    ...(cacheWriteInputTokens !== undefined ? { cacheWriteInputTokens } : {}),
  };
}

/** Usage known so far with what a later chunk reported: a count the chunk left out stays as it was. */
export function mergeUsage(known: TokenUsage, reported: TokenUsage): TokenUsage {
  return { ...known, ...Object.fromEntries(Object.entries(reported).filter(([, value]) => value !== undefined)) };
}
