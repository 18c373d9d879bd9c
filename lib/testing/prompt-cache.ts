import { minimumCacheableTokens } from '../providers/anthropic-cache';

/** What one request reads from and writes to a provider's prompt cache, in tokens. */
export interface CacheUse {
  read: number;
  written: number;
}

/**
 * How a provider caches, seen from the server: `explicit` (Anthropic) caches exactly the prefix
 * marked by the request, `implicit` (OpenAI, Gemini) the longest prefix it has seen before.
 * `scope` must match for two prompts to share a cache entry: the model and whatever comes before
 * the messages (tools, schema).
 */
export type CachePrefix =
  | { kind: 'explicit'; scope: string; prefix: string; model: string }
  | { kind: 'implicit'; scope: string; prompt: string; minimumTokens: number; increment: number };

const CHARS_PER_TOKEN = 4;
/** Entries kept, newest first: a test server sees few distinct prefixes. */
const MAX_ENTRIES = 64;
const NO_USE: CacheUse = { read: 0, written: 0 };

const tokensOf = (characters: number): number => Math.floor(characters / CHARS_PER_TOKEN);

function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let length = 0;
  while (length < limit && a.charCodeAt(length) === b.charCodeAt(length)) length += 1;
  return length;
}

/**
 * A prompt cache as the services keep one: a request finds what earlier requests stored, and its
 * own prefix is stored once its response begins (`store`), not when it arrives, so requests that
 * start together all miss, as they do at the services.
 */
export class SimulatedPromptCache {
  private readonly entries: { scope: string; text: string }[] = [];

  /** What a request with this prefix reads and writes, as the provider bills it. */
  use(prefix: CachePrefix | undefined): CacheUse {
    if (!prefix) return NO_USE;
    return prefix.kind === 'explicit' ? this.explicit(prefix) : this.implicit(prefix);
  }

  /** The request's response has begun: its prefix is in the cache from now on. */
  store(prefix: CachePrefix | undefined): void {
    if (!prefix) return;
    const text = prefix.kind === 'explicit' ? prefix.prefix : prefix.prompt;
    if (this.entries.some((entry) => entry.scope === prefix.scope && entry.text === text)) return;
    this.entries.unshift({ scope: prefix.scope, text });
    this.entries.length = Math.min(this.entries.length, MAX_ENTRIES);
  }

  private explicit({ scope, prefix, model }: Extract<CachePrefix, { kind: 'explicit' }>): CacheUse {
    const tokens = tokensOf(prefix.length);
    if (tokens < minimumCacheableTokens(model)) return NO_USE;
    const hit = this.entries.some((entry) => entry.scope === scope && entry.text === prefix);
    return hit ? { read: tokens, written: 0 } : { read: 0, written: tokens };
  }

  private implicit({ scope, prompt, minimumTokens, increment }: Extract<CachePrefix, { kind: 'implicit' }>): CacheUse {
    const longest = this.entries
      .filter((entry) => entry.scope === scope)
      .reduce((best, entry) => Math.max(best, commonPrefixLength(entry.text, prompt)), 0);
    const tokens = tokensOf(longest);
    if (tokens < minimumTokens) return NO_USE;
    return { read: Math.floor(tokens / increment) * increment, written: 0 };
  }
}
