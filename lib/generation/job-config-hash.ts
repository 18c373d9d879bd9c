import { PersonaConfigSchema, type PersonaConfig } from '../schemas/config';
import { parseOrThrow } from '../schemas/validate';

/** Object keys in code-unit order at every depth, so that key order never changes the text. */
function sortedKeys(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

/**
 * cyrb53's two multiplicative lanes, kept whole as 64 bits of hex. Not cryptographic: it tells
 * a changed config from an unchanged one, and runs in browsers without node:crypto.
 */
function hash64(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ unit, 2654435761);
    h2 = Math.imul(h2 ^ unit, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h2, h1].map((lane) => (lane >>> 0).toString(16).padStart(8, '0')).join('');
}

/**
 * A stable fingerprint of a persona config: the same for the same settings whatever their key
 * order and whether defaults are written out or left implicit, different when any setting or
 * the inline `data` changes. Data an experiment supplies (a config without `data`) is not part
 * of it. Throws ConfigurationError for an invalid config.
 */
export function jobConfigHash(config: PersonaConfig): string {
  const resolved = parseOrThrow(PersonaConfigSchema, config, 'persona config');
  return hash64(JSON.stringify(resolved, sortedKeys));
}
