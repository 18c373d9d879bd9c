import { approximateTokenCount } from '../cost/token-counter';
import type { ChatRequest } from './provider';

/** OpenAI and Gemini cache prompt prefixes of this many tokens or more by themselves. */
const AUTOMATIC_CACHE_MINIMUM_TOKENS = 1024;

/** Whether a provider that caches on its own (OpenAI, Gemini, compatible servers) can cache this request's shared prefix. */
export function cachesAutomatically(request: Pick<ChatRequest, 'system'>): boolean {
  return approximateTokenCount(request.system) >= AUTOMATIC_CACHE_MINIMUM_TOKENS;
}
