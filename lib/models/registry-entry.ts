/**
 * What one registry package says about a model, before any of it is trusted: a package update
 * can carry any value, so every field is checked where the facts are put together.
 */
export interface RegistryEntry {
  /** The registry's own id for the model (`claude-sonnet-4-5` for `claude-sonnet-4-5-20250929`). */
  id?: string;
  contextWindow?: unknown;
  maxOutputTokens?: unknown;
  prices?: { input?: unknown; output?: unknown; cacheRead?: unknown; cacheWrite?: unknown };
  deprecated?: unknown;
}

/** Looks a model up in one registry; undefined when the registry does not know it. */
export type RegistryLookup = (provider: string, model: string) => RegistryEntry | undefined;

/** A dated id (`-20250929`, `-2024-07-18`) or a `-latest` alias, which names the same model as its base id. */
const DATED_SUFFIX = /-(\d{8}|\d{4}-\d{2}-\d{2}|latest)$/;

export function baseModelId(model: string): string {
  return model.replace(DATED_SUFFIX, '');
}
