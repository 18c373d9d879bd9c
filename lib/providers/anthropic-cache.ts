import { approximateTokenCount } from '../cost/token-counter';

/**
 * The shortest prefix each Claude model caches, in tokens (Anthropic's prompt-caching docs,
 * 2026-12): a shorter one marked with `cache_control` is processed, and billed, uncached. First
 * match wins; everything else caches from 1,024 tokens.
 */
const MINIMUM_CACHEABLE: readonly (readonly [RegExp, number])[] = [
  [/opus-4-([5-9]|\d{2})|haiku-4/, 4096],
  [/sonnet-4-([6-9]|\d{2})|3-5-haiku|3-haiku/, 2048],
];
const DEFAULT_MINIMUM_CACHEABLE = 1024;

export function minimumCacheableTokens(model: string): number {
  return MINIMUM_CACHEABLE.find(([pattern]) => pattern.test(model))?.[1] ?? DEFAULT_MINIMUM_CACHEABLE;
}

/** Whether the prefix is long enough for `model` to cache; counted by characters, which for Claude's tokenizer errs short. */
export function anthropicCachesPrefix(request: { system: string; model: string }): boolean {
  return approximateTokenCount(request.system) >= minimumCacheableTokens(request.model);
}

/**
 * The system message as Anthropic takes it: one text block ending in a `cache_control` breakpoint
 * when it is long enough to cache (the tools, identical for every config, come before it in the
 * cached prefix), else the plain string.
 */
export function cachedSystem(system: string, model: string): string | { type: 'text'; text: string; cache_control: { type: 'ephemeral' } }[] {
  if (!anthropicCachesPrefix({ system, model })) return system;
  return [{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }];
}
