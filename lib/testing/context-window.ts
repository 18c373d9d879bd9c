import type { WireProtocol } from './wire-protocol';

/** Tokens as the simulated server counts them (for its usage too): four characters a token. */
export function simulatedTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** What a provider answers to a prompt over its window: its own status and body. */
export interface WindowRefusal {
  status: number;
  body: unknown;
}

/**
 * The provider's refusal of a request over `contextWindow` tokens, in its real shape, or
 * undefined when it fits. Each provider counts as it does: OpenAI and Anthropic the prompt plus
 * the output it reserves, Gemini the prompt alone. Ollama refuses nothing (see `keptByOllama`).
 */
export function windowRefusal(wire: WireProtocol, body: unknown, contextWindow: number | undefined): WindowRefusal | undefined {
  if (contextWindow === undefined || !wire.tooLong) return undefined;
  return wire.tooLong(simulatedTokens(wire.promptOf(body)), wire.maxTokensOf?.(body) ?? 0, contextWindow);
}

/** Ollama's default context when a request sets no `num_ctx`. */
export const OLLAMA_DEFAULT_NUM_CTX = 4096;

/**
 * What Ollama reads of a prompt: only its last `num_ctx` tokens (its default when the request sets
 * none), dropping the rest silently. The simulated answer is built from what is kept, so a test
 * can see the data a short context loses.
 */
export function keptByOllama(prompt: string, numCtx: unknown): string {
  const context = typeof numCtx === 'number' && Number.isInteger(numCtx) && numCtx > 0 ? numCtx : OLLAMA_DEFAULT_NUM_CTX;
  return simulatedTokens(prompt) <= context ? prompt : prompt.slice(prompt.length - context * 4);
}
