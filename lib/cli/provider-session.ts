import { z } from 'zod';
import { ConfigurationError } from '../errors';
import { resolveProvider } from '../providers/connection';
import { providerAdapter } from '../providers/registry';
import { GeneratorOptionsSchema, type GeneratorOptions, type ProviderName } from '../schemas/options';
import { parseOrThrow } from '../schemas/validate';
import { startFakeLlmServer } from '../testing/fake-llm-server';
import type { CliIo } from './io';

export interface ProviderFlags {
  provider?: ProviderName;
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

/** The providers that need a key, in the order they are tried when no --provider is given. */
const KEYED_PROVIDERS: readonly ProviderName[] = ['openai', 'anthropic', 'gemini'];

/**
 * With no --provider (and no --base-url): the first provider whose key is in the environment, or
 * the simulated one when there is none, so that a fresh machine sees the whole flow.
 */
function detectedProvider(env: CliIo['env']): ProviderName {
  return KEYED_PROVIDERS.find((name) => keyVariableSet(name, env)) ?? 'simulated';
}

const keyVariableSet = (name: ProviderName, env: CliIo['env']): string | undefined =>
  providerAdapter(name).apiKeyEnv.find((variable) => env[variable]);

/**
 * Connects to the chosen provider. `simulated` without --base-url starts the built-in server on
 * 127.0.0.1 and says so on stderr. A real provider's key and endpoint are read from `io.env`
 * here, so that a missing key is reported before any data is read, with the way to fix it.
 */
export async function openProviderSession(flags: ProviderFlags, io: CliIo): Promise<ProviderSession> {
  const chosen = flags.provider ?? (flags.baseUrl ? undefined : detectedProvider(io.env));
  if (chosen === 'simulated' && !flags.baseUrl) {
    const server = await startFakeLlmServer({ defaults: { chunkDelayMs: SIMULATED_CHUNK_DELAY_MS } });
    const why = flags.provider
      ? 'no API key needed'
      : `no API key found (${KEYED_PROVIDERS.flatMap((name) => providerAdapter(name).apiKeyEnv).join(', ')})`;
    io.stderr.write(
      `Using the simulated provider at ${server.url}: ${why}; its personas are assembled from your data by a stand-in, not written by a model.\n`,
    );
    return { options: { provider: 'simulated', model: flags.model, baseURL: server.url }, close: () => server.close() };
  }
  const provider = chosen ?? 'openai';
  if (!flags.provider && chosen) io.stderr.write(`Using ${chosen}: ${keyVariableSet(chosen, io.env)} is set.\n`);
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
    const name = options.provider ?? 'openai';
    const variables = providerAdapter(name).apiKeyEnv.join(' or ');
    throw new ConfigurationError(
      `No API key for ${name}: set ${variables} in the environment, or add --provider simulated to try persona without a key`,
      error.issues,
    );
  }
}
