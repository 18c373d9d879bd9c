import type { TokenUsage } from '../providers/provider';
import type { Usage } from '../schemas/result';

const CHARS_PER_TOKEN = 4;

/** Reported usage, or a character-count estimate (marked `estimated`) when the provider sent none. */
export function completeUsage(reported: TokenUsage, promptText: string, outputText: string): Usage {
  const estimated = reported.inputTokens === undefined || reported.outputTokens === undefined;
  const inputTokens = reported.inputTokens ?? Math.ceil(promptText.length / CHARS_PER_TOKEN);
  const outputTokens = reported.outputTokens ?? Math.ceil(outputText.length / CHARS_PER_TOKEN);
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens, ...(estimated ? { estimated } : {}) };
}
