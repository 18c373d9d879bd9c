import type { ProviderAdapter } from './provider';
import { openAiCompatibleAdapter } from './openai';

/**
 * The simulated provider: the loopback server of `persona-rx/testing` (or any server speaking
 * OpenAI's wire), named for what it is, so that results, metadata and the command line never
 * pass its personas off as a model's. It has no key, no price and no endpoint of its own:
 * `baseURL` must point at a running simulated server.
 */
export const simulatedAdapter: ProviderAdapter = {
  ...openAiCompatibleAdapter,
  name: 'simulated',
  defaultModel: 'stand-in',
  defaultBaseURL: '',
  apiKeyEnv: [],
  baseURLEnv: undefined,
  requiresApiKey: false,
};
