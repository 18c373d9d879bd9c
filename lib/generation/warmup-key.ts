import { promptCacheKey } from '../prompts/prompt-cache-key';
import type { ChatRequest } from '../providers/provider';
import type { GeneratorContext } from './run-context';

/**
 * What a request's shared prefix is known by at the warm-up gate: model, answer mode (schema or
 * plain, which changes the cached tools) and system message. None when warm-up is off or the
 * provider would not cache the prefix (Ollama, prompts too short): such requests never wait.
 */
export function warmupKey({ options, provider }: GeneratorContext, chat: ChatRequest): string | undefined {
  if (!options.cacheWarmup || !provider.adapter.cachesPrefix?.(chat)) return undefined;
  return [chat.model, chat.structured?.name ?? 'plain', promptCacheKey(chat.system)].join('\u0000');
}
