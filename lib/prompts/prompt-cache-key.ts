import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

const KEY_HEX_DIGITS = 32;

/**
 * A name for a prompt's shared prefix (its system message), the same for every run that shares
 * it: OpenAI routes requests with one `prompt_cache_key` to the same cache. A hash, so the key
 * says nothing of the data, and the fence boundary in the prefix keeps it unguessable.
 */
export function promptCacheKey(system: string): string {
  return `persona-rx-${bytesToHex(sha256(utf8ToBytes(system))).slice(0, KEY_HEX_DIGITS)}`;
}
