import { agenerateParallel, CancellationError, CancellationToken, ConfigurationError, TimeoutError, type PersonaConfig } from '../../lib';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';

const server = useFakeServer();

const configs = (length: number): PersonaConfig[] => Array.from({ length }, (_, index) => ({ count: 1 + (index % 2), data: RESEARCH_NOTES }));
const connection = (): { provider: 'openai'; baseURL: string; stream: boolean; maxRetries: number } => ({
  provider: 'openai',
  baseURL: server.current.url,
  stream: false,
  maxRetries: 0,
});

describe('agenerateParallel', () => {
  it('runs `concurrency` requests at once on a generator of its own, results in input order', async () => {
    server.current.enqueue(...Array.from({ length: 6 }, () => ({ awaitInFlight: 6 })));
    const results = await agenerateParallel(configs(6), { ...connection(), concurrency: 6 });
    expect(server.current.maxInFlight).toBe(6);
    expect(results.map((result) => result.personas.length)).toEqual([1, 2, 1, 2, 1, 2]);
  });

  it('lets a lower maxConcurrentRequests win', async () => {
    server.current.enqueue({ awaitInFlight: 2 }, { awaitInFlight: 2 });
    await agenerateParallel(configs(4), { ...connection(), concurrency: 4, maxConcurrentRequests: 2 });
    expect(server.current.maxInFlight).toBe(2);
  });

  it('settles every job, with jobTimeoutMs for each job and timeoutMs for the batch', async () => {
    server.current.enqueue({ fault: 'hang' });
    const outcomes = await agenerateParallel(configs(2), { ...connection(), mode: 'settle', concurrency: 1, jobTimeoutMs: 500, timeoutMs: 10_000 });
    expect(outcomes).toEqual([
      { status: 'rejected', reason: expect.any(TimeoutError) },
      { status: 'fulfilled', value: expect.objectContaining({ provider: 'openai' }) },
    ]);
    await server.current.waitForClientClose(1);
  });

  it('passes the cancellation token and the progress callback to the batch', async () => {
    const token = new CancellationToken();
    server.current.enqueue({ fault: 'hang' });
    const calls: number[] = [];
    const failure = agenerateParallel(configs(2), {
      ...connection(),
      concurrency: 1,
      cancellationToken: token,
      progressCallback: (finished) => void calls.push(finished),
    });
    await server.current.waitForRequests(1);
    token.cancel('stop');
    await expect(failure).rejects.toBeInstanceOf(CancellationError);
    expect(calls).toEqual([0]);
    await server.current.waitForClientClose(1);
  });

  it('with no options, uses the provider settings from the environment', async () => {
    const saved = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };
    process.env.OPENAI_API_KEY = 'sk-env-test-key';
    process.env.OPENAI_BASE_URL = server.current.url;
    try {
      const results = await agenerateParallel(configs(2));
      expect(results.map((result) => result.personas.length)).toEqual([1, 2]);
      expect(server.current.requests.map((request) => request.headers.authorization)).toEqual(['Bearer sk-env-test-key', 'Bearer sk-env-test-key']);
    } finally {
      restore('OPENAI_API_KEY', saved.key);
      restore('OPENAI_BASE_URL', saved.url);
    }
  });

  it('rejects bad generator options with ConfigurationError before any request', async () => {
    await expect(agenerateParallel(configs(1), { ...connection(), provider: 'nope' as never, retryBaseDelayMs: -1 })).rejects.toMatchObject({
      constructor: ConfigurationError,
      fields: ['provider', 'retryBaseDelayMs'],
    });
    expect(server.current.requests).toHaveLength(0);
  });
});

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
