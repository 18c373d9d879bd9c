import { lastValueFrom, toArray, type Observable } from 'rxjs';
import { PersonaGenerator, type GeneratorOptions, type PersonaConfig, type ProviderBatchEvent } from '../../lib';
import { startFakeLlmServer, type FakeLlmServer, type FakeLlmServerOptions, type RecordedRequest } from '../../lib/testing';
import { RESEARCH_NOTES } from '../support/fake-server';

export type BatchProvider = 'openai' | 'anthropic';

/** A simulated server per call, closed after the test. */
export function useBatchServer(): (options?: FakeLlmServerOptions) => Promise<FakeLlmServer> {
  const open: FakeLlmServer[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((server) => server.close()));
  });
  return async (options = {}) => {
    const server = await startFakeLlmServer(options);
    open.push(server);
    return server;
  };
}

export function batchGenerator(server: FakeLlmServer, provider: BatchProvider, options: GeneratorOptions = {}): PersonaGenerator {
  return new PersonaGenerator({
    provider,
    apiKey: `sk-${provider}-test-key-0000`,
    baseURL: provider === 'openai' ? server.url : server.origin,
    retryBaseDelayMs: 1,
    retryMaxDelayMs: 5,
    ...options,
  });
}

/** Five configs told apart by their persona count: job i asks for i + 1 personas. */
export const FIVE_CONFIGS: PersonaConfig[] = Array.from({ length: 5 }, (_, index) => ({ count: index + 1, data: RESEARCH_NOTES }));

export const FAST = { pollIntervalMs: 5 } as const;

export const collect = (events$: Observable<ProviderBatchEvent>): Promise<ProviderBatchEvent[]> => lastValueFrom(events$.pipe(toArray()));

export const failureOf = (events$: Observable<unknown>): Promise<unknown> =>
  lastValueFrom(events$).then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );

/** The batch-creating requests the server saw: OpenAI's POST /batches, Anthropic's POST /v1/messages/batches. */
export const submissions = (server: FakeLlmServer): RecordedRequest[] =>
  server.requests.filter((request) => request.method === 'POST' && /\/batches$/.test(request.path));

export const cancels = (server: FakeLlmServer): RecordedRequest[] => server.requests.filter((request) => request.path.endsWith('/cancel'));
