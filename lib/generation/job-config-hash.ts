import { PersonaConfigSchema, type PersonaConfig } from '../schemas/config';
import { parseOrThrow } from '../schemas/validate';
import { textHash } from './text-hash';

/** Object keys in code-unit order at every depth, so that key order never changes the text. */
function sortedKeys(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

/**
 * A stable fingerprint of a persona config: the same for the same settings whatever their key
 * order and whether defaults are written out or left implicit, different when any setting or
 * the inline `data` changes. Data an experiment supplies (a config without `data`) is not part
 * of it. Throws ConfigurationError for an invalid config.
 */
export function jobConfigHash(config: PersonaConfig): string {
  const resolved = parseOrThrow(PersonaConfigSchema, config, 'persona config');
  return textHash(JSON.stringify(resolved, sortedKeys));
}
