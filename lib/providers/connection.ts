import { ConfigurationError } from '../errors';
import { registerSecrets, type SecretScope } from '../errors/redact';
import type { ResolvedGeneratorOptions, ProviderName } from '../schemas/options';
import type { Connection, ProviderAdapter } from './provider';
import { providerAdapter } from './registry';
import { headerSecrets } from './header-secrets';

export interface ResolvedProvider {
  adapter: ProviderAdapter;
  model: string;
  connection: Connection;
  /** Keeps the key and credential headers registered for redaction while the provider is in use. */
  secrets: SecretScope;
}

export type Environment = Record<string, string | undefined>;

function processEnvironment(): Environment {
  return typeof process !== 'undefined' && process.env ? process.env : {};
}

/** The endpoint, checked: a scheme other than http(s) could only ever fail as a "network error". */
function checkedBaseURL(endpoint: string, source: string): string {
  let protocol: string;
  try {
    protocol = new URL(endpoint).protocol;
  } catch {
    protocol = '';
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new ConfigurationError(`${source} must be an http: or https: URL`, [{ path: 'baseURL', message: 'must be an http: or https: URL' }]);
  }
  return endpoint.replace(/\/+$/, '');
}

/**
 * Fills provider, model, key and endpoint from the options, then the provider's usual
 * environment variables, then its defaults. Fails before any request when a key is needed and
 * missing, or when the endpoint is not an http(s) URL.
 */
export function resolveProvider(options: ResolvedGeneratorOptions, env: Environment = processEnvironment()): ResolvedProvider {
  const name: ProviderName = options.provider ?? 'openai';
  const adapter = providerAdapter(name);
  const apiKey = options.apiKey ?? adapter.apiKeyEnv.map((variable) => env[variable]).find(Boolean);
  // `||`, not `??`: an environment variable set to the empty string means "not set".
  const fromEnvironment = adapter.baseURLEnv && env[adapter.baseURLEnv];
  const endpoint = options.baseURL || fromEnvironment || adapter.defaultBaseURL;
  if (!endpoint) {
    throw new ConfigurationError(`${name} has no endpoint of its own: pass baseURL (a simulated server's url)`, [
      { path: 'baseURL', message: `required for ${name}` },
    ]);
  }
  const source = options.baseURL ? 'baseURL' : (fromEnvironment && adapter.baseURLEnv) || `${name}'s default base URL`;
  const baseURL = checkedBaseURL(adapter.normalizeBaseURL?.(endpoint) ?? endpoint, source);
  if (adapter.requiresApiKey && !apiKey && !options.baseURL) {
    throw new ConfigurationError(
      `No API key for ${name}: pass apiKey or set ${adapter.apiKeyEnv.join(' or ')}`,
      [{ path: 'apiKey', message: `required for ${name}` }],
    );
  }
  const headers = options.headers ?? {};
  return {
    adapter,
    model: options.model ?? adapter.defaultModel,
    connection: { baseURL, apiKey, headers },
    secrets: registerSecrets([apiKey, ...headerSecrets(headers)]),
  };
}
