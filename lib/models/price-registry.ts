import { calcPrice } from '@pydantic/genai-prices';
import type { RegistryEntry } from './registry-entry';

// The registry's provider ids for ours. Ollama runs locally and OpenAI-compatible servers are
// the user's own: no public registry knows what they serve.
const PROVIDER_IDS: Readonly<Record<string, string>> = { openai: 'openai', anthropic: 'anthropic', gemini: 'google' };

type PriceValue = number | { base: number } | undefined;

// A tiered price (dearer past a prompt length) counts at its base rate: the rate of prompts
// under the provider's long-context threshold.
function baseRate(price: PriceValue): unknown {
  return typeof price === 'object' && price !== null ? price.base : price;
}

/**
 * `@pydantic/genai-prices`: prices (cache reads and writes included), context windows and its
 * deprecation flag, with the provider's own id matching rules (dated ids, aliases).
 */
export function priceRegistryEntry(provider: string, model: string): RegistryEntry | undefined {
  const providerId = Object.hasOwn(PROVIDER_IDS, provider) ? PROVIDER_IDS[provider] : undefined;
  if (!providerId || model === '') return undefined;
  // Usage of nothing: the registry answers with the model it matched and the prices in force now.
  const found = calcPrice({ input_tokens: 0, output_tokens: 0 }, model, { providerId });
  if (!found) return undefined;
  const price = found.model_price as Record<string, PriceValue>;
  return {
    id: found.model.id,
    contextWindow: found.model.context_window,
    deprecated: found.model.deprecated,
    prices: {
      input: baseRate(price.input_mtok),
      output: baseRate(price.output_mtok),
      cacheRead: baseRate(price.cache_read_mtok),
      cacheWrite: baseRate(price.cache_write_mtok),
    },
  };
}
