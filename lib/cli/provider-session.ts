import { z } from 'zod';
import { ConfigurationError } from '../errors';
import { resolveProvider } from '../providers/connection';
import { providerAdapter } from '../providers/registry';
import { GeneratorOptionsSchema, ProviderNameSchema, type GeneratorOptions, type ProviderName } from '../schemas/options';
import { parseOrThrow } from '../schemas/validate';
import { startFakeLlmServer } from '../testing/fake-llm-server';
import type { CliIo } from './io';

/** The library's providers, plus `simulated`: the built-in server, for trying persona without a key. */
export const CliProviderSchema = z.enum([...ProviderNameSchema.options, 'simulated']);
export type CliProvider = z.infer<typeof CliProviderSchema>;

export interface ProviderFlags {
  provider?: CliProvider;
  model?: string;
  baseUrl?: string;
}

/** The generator options for the chosen provider, and what must be closed once the command is done. */
export interface ProviderSession {
  options: GeneratorOptions;
  close(): Promise<void>;
}

// The simulated server answers at once; a short pause between chunks lets a person watch the stream.
const SIMULATED_CHUNK_DELAY_MS = 15;

/** A bound experiment's provider and model stand in for flags the user left out, as a bound generator's do. */
export function withExperimentDefaults<F extends ProviderFlags>(flags: F, experiment?: { provider?: ProviderName; model?: string }): F {
  if (flags.provider || !experiment) return flags;
  return { ...flags, provider: experiment.provider, model: flags.model ?? experiment.model };
}

/** The wire protocol the simulated provider speaks, and so the one its estimates are priced as. */
export function providerNameOf(provider: CliProvider | undefined): ProviderName {
  return provider === undefined || provider === 'simulated' ? 'openai' : provider;
}

/** The providers that need a key, in the order they are tried when no --provider is given. */
const KEYED_PROVIDERS: readonly ProviderName[] = ['openai', 'anthropic', 'gemini'];

/**
 * With no --provider (and no --base-url): the first provider whose key is in the environment, or
 * the simulated one when there is none, so that a fresh machine sees the whole flow.
 */
function detectedProvider(env: CliIo['env']): CliProvider {
  return KEYED_PROVIDERS.find((name) => providerAdapter(name).apiKeyEnv.some((variable) => env[variable])) ?? 'simulated';
}

/**
 * Connects to the chosen provider. `simulated` starts the built-in server on 127.0.0.1 and says
 * so on stderr. A real provider's key and endpoint are read from `io.env` here, so that a missing
 * key is reported before any data is read, with the way to fix it.
 */
export async function openProviderSession(flags: ProviderFlags, io: CliIo): Promise<ProviderSession> {
  const chosen = flags.provider ?? (flags.baseUrl ? undefined : detectedProvider(io.env));
  if (chosen === 'simulated') {
    if (flags.baseUrl) throw new ConfigurationError('--base-url cannot be used with --provider simulated', [{ path: 'baseUrl', message: 'not with simulated' }]);
    const server = await startFakeLlmServer({ defaults: { chunkDelayMs: SIMULATED_CHUNK_DELAY_MS } });
    const why = flags.provider
      ? 'no API key needed'
      : `no API key found (${KEYED_PROVIDERS.flatMap((name) => providerAdapter(name).apiKeyEnv).join(', ')})`;
    io.stderr.write(
      `Using the simulated provider at ${server.url}: ${why}; its personas are assembled from your data by a stand-in, not written by a model.\n`,
    );
    return { options: { provider: 'openai', model: flags.model, baseURL: server.url }, close: () => server.close() };
  }
  const provider = providerNameOf(chosen);
  const options = parseOrThrow(GeneratorOptionsSchema, { provider, model: flags.model, baseURL: flags.baseUrl }, 'provider options');
  const { connection, model } = resolveWithHint(options, io);
  return {
    options: { provider, model, baseURL: connection.baseURL, apiKey: connection.apiKey },
    close: async () => undefined,
  };
}

function resolveWithHint(options: z.output<typeof GeneratorOptionsSchema>, io: CliIo): ReturnType<typeof resolveProvider> {
  try {
    return resolveProvider(options, io.env);
  } catch (error) {
    if (!(error instanceof ConfigurationError && error.fields.includes('apiKey'))) throw error;
    const name = providerNameOf(options.provider);
    const variables = providerAdapter(name).apiKeyEnv.join(' or ');
    throw new ConfigurationError(
      `No API key for ${name}: set ${variables} in the environment, or add --provider simulated to try persona without a key`,
      error.issues,
    );
  }
}
