import { ConfigurationError, registerSecret } from '../errors';
import type { ResolvedGeneratorOptions, ProviderName } from '../schemas/options';
import type { Connection, ProviderAdapter } from './provider';
import { providerAdapter } from './registry';

export interface ResolvedProvider {
  adapter: ProviderAdapter;
  model: string;
  connection: Connection;
}

export type Environment = Record<string, string | undefined>;

function processEnvironment(): Environment {
  return typeof process !== 'undefined' && process.env ? process.env : {};
}

/**
 * Fills provider, model, key and endpoint from the options, then the provider's usual
 * environment variables, then its defaults. Fails before any request when a key is needed and
 * missing.
 */
export function resolveProvider(options: ResolvedGeneratorOptions, env: Environment = processEnvironment()): ResolvedProvider {
  const name: ProviderName = options.provider ?? 'openai';
  const adapter = providerAdapter(name);
  const apiKey = options.apiKey ?? adapter.apiKeyEnv.map((variable) => env[variable]).find(Boolean);
  // `||`, not `??`: an environment variable set to the empty string means "not set".
  const endpoint = options.baseURL || (adapter.baseURLEnv && env[adapter.baseURLEnv]) || adapter.defaultBaseURL;
  if (!endpoint) {
    throw new ConfigurationError(`${name} has no endpoint of its own: pass baseURL (a simulated server's url)`, [
      { path: 'baseURL', message: `required for ${name}` },
    ]);
  }
  const baseURL = (adapter.normalizeBaseURL?.(endpoint) ?? endpoint).replace(/\/+$/, '');
  if (adapter.requiresApiKey && !apiKey && !options.baseURL) {
    throw new ConfigurationError(
      `No API key for ${name}: pass apiKey or set ${adapter.apiKeyEnv.join(' or ')}`,
      [{ path: 'apiKey', message: `required for ${name}` }],
    );
  }
  registerSecret(apiKey);
  return {
    adapter,
    model: options.model ?? adapter.defaultModel,
    connection: { baseURL, apiKey, headers: options.headers ?? {} },
  };
}
