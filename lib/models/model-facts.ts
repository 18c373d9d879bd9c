import { z } from 'zod';
import { priceRegistryEntry } from './price-registry';
import { baseModelId, type RegistryEntry, type RegistryLookup } from './registry-entry';
import { MODEL_REGISTRY } from './registry-version';
import { retirementOf } from './retirements';

// Bounds that no real model comes near: a registry value past them is a data error, not a fact.
const MAX_TOKENS = 100_000_000;
const MAX_USD_PER_MILLION = 10_000;

const TokensSchema = z.number().int().positive().max(MAX_TOKENS);
const UsdSchema = z.number().nonnegative().max(MAX_USD_PER_MILLION);
const IsoDateSchema = z.iso.date();

export const ModelPriceSchema = z.strictObject({
  /** USD per million input (prompt) tokens, uncached. */
  input: UsdSchema,
  /** USD per million output (completion) tokens. */
  output: UsdSchema,
  /** USD per million input tokens read from the provider's prompt cache. */
  cacheRead: UsdSchema.optional(),
  /** USD per million input tokens written to the provider's prompt cache. */
  cacheWrite: UsdSchema.optional(),
});
export type ModelPrice = z.infer<typeof ModelPriceSchema>;

export const ModelFactsSchema = z.strictObject({
  /** Tokens of prompt plus output the model accepts in one request. */
  contextWindow: TokensSchema.optional(),
  /** The most output tokens one request may ask for. */
  maxOutputTokens: TokensSchema.optional(),
  /** Standard rates, for prompts under the provider's long-context threshold. */
  prices: ModelPriceSchema.optional(),
  /** The model's announced end of life (`date`, absent when the registry flags it without one) and its replacement. */
  deprecated: z.strictObject({ date: IsoDateSchema.optional(), replacement: z.string().optional() }).optional(),
  /** The day the registry data was published: the date the prices are as of. */
  registryDate: IsoDateSchema,
});
export type ModelFacts = z.infer<typeof ModelFactsSchema>;

/** Where the facts come from: a registry lookup and the date of its data. */
export interface RegistrySource {
  lookup: RegistryLookup;
  date: string;
}

const PACKAGE: RegistrySource = { lookup: priceRegistryEntry, date: MODEL_REGISTRY.date };

function valid<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const checked = schema.safeParse(value);
  return checked.success ? checked.data : undefined;
}

function priceFrom(prices: RegistryEntry['prices']): ModelPrice | undefined {
  const input = valid(UsdSchema, prices?.input);
  const output = valid(UsdSchema, prices?.output);
  if (input === undefined || output === undefined) return undefined;
  const cacheRead = valid(UsdSchema, prices?.cacheRead);
  const cacheWrite = valid(UsdSchema, prices?.cacheWrite);
  return { input, output, ...(cacheRead !== undefined && { cacheRead }), ...(cacheWrite !== undefined && { cacheWrite }) };
}

/**
 * The facts the registry gives for `model`, each value checked: a window, limit or price that is
 * not a sane number is left out rather than trusted, and so is an output limit larger than the
 * window. Local models (Ollama) cost nothing; their window comes from the server itself.
 */
export function factsFrom(source: RegistrySource, provider: string, model: string): ModelFacts {
  const priced = source.lookup(provider, model);
  const contextWindow = valid(TokensSchema, priced?.contextWindow);
  const maxOutputTokens = valid(TokensSchema, priced?.maxOutputTokens);
  const prices = provider === 'ollama' ? { input: 0, output: 0 } : priceFrom(priced?.prices);
  const ids = [priced?.id, baseModelId(model)].filter((id): id is string => id !== undefined);
  const retirement = retirementOf(provider, ids);
  const deprecated = retirement ?? (priced?.deprecated === true ? {} : undefined);
  return {
    ...(contextWindow !== undefined && { contextWindow }),
    ...(maxOutputTokens !== undefined && (contextWindow === undefined || maxOutputTokens <= contextWindow) && { maxOutputTokens }),
    ...(prices && { prices }),
    ...(deprecated && { deprecated }),
    registryDate: source.date,
  };
}

// Looking a model up scans the registries; a generator asks for the same few models again and
// again. Bounded, since model names come from users.
const MEMO_LIMIT = 256;
const memo = new Map<string, ModelFacts>();

/**
 * What the model registry knows about `model` at `provider`: its context window, output limit,
 * prices per million tokens (cache reads and writes included), announced end of life, and the
 * registry's date. An unknown model has none of them; the simulated provider costs nothing.
 */
export function modelFacts(provider: string, model: string): ModelFacts {
  const key = `${provider}\u0000${model}`;
  const known = memo.get(key);
  if (known) return known;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  const facts = factsFrom(PACKAGE, provider, model);
  memo.set(key, facts);
  return facts;
}
