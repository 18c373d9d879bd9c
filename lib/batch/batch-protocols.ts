import { ConfigurationError } from '../errors';
import type { GeneratorContext } from '../generation/run-context';
import type { ProviderName } from '../schemas/options';
import { anthropicBatchProtocol } from './anthropic-batch';
import type { BatchProtocol } from './batch-protocol';
import { openAiBatchProtocol } from './openai-batch';

// A full Record: a new provider must say whether it has a batch engine.
const protocols: Record<ProviderName, ((generator: GeneratorContext) => BatchProtocol) | undefined> = {
  openai: openAiBatchProtocol,
  'openai-compatible': openAiBatchProtocol,
  simulated: openAiBatchProtocol,
  anthropic: anthropicBatchProtocol,
  gemini: undefined,
  ollama: undefined,
};

/** The generator's provider's batch engine, or ConfigurationError naming the provider, before any request. */
export function batchProtocolFor(generator: GeneratorContext): BatchProtocol {
  const name = generator.provider.adapter.name;
  const protocol = protocols[name];
  if (!protocol) {
    throw new ConfigurationError(`${name} has no batch API that persona-rx supports: use openai, openai-compatible, anthropic or simulated`, [
      { path: 'provider', message: `${name} has no supported batch API` },
    ]);
  }
  return protocol(generator);
}
