/**
 * The registry package the model facts come from, pinned to an exact version, and the day that
 * version was published: the date its prices are "as of". A spec compares the version with the
 * installed package, so an upgrade cannot keep a stale date.
 */
export const MODEL_REGISTRY = {
  date: '2026-09-23',
  package: '@pydantic/genai-prices',
  version: '0.1.8',
} as const;
