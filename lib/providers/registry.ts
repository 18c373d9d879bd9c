import type { ProviderName } from '../schemas/options';
import { anthropicAdapter } from './anthropic';
import { geminiAdapter } from './gemini';
import { ollamaAdapter } from './ollama';
import { openAiAdapter, openAiCompatibleAdapter } from './openai';
import type { ProviderAdapter } from './provider';
import { simulatedAdapter } from './simulated';

// A full Record: a provider name without an adapter does not compile.
const adapters: Record<ProviderName, ProviderAdapter> = {
  openai: openAiAdapter,
  'openai-compatible': openAiCompatibleAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
  ollama: ollamaAdapter,
  simulated: simulatedAdapter,
};

export function providerAdapter(name: ProviderName): ProviderAdapter {
  return adapters[name];
}
