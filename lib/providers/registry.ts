import type { ProviderName } from '../schemas/options';
import { openAiAdapter, openAiCompatibleAdapter } from './openai';
import type { ProviderAdapter } from './provider';

const adapters: Partial<Record<ProviderName, ProviderAdapter>> = {
  openai: openAiAdapter,
  'openai-compatible': openAiCompatibleAdapter,
};

export function providerAdapter(name: ProviderName): ProviderAdapter | undefined {
  return adapters[name];
}
