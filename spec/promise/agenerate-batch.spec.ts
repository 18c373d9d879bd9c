import { of, Subject } from 'rxjs';
import {
  AsyncPersonaGenerator,
  AuthenticationError,
  CancellationError,
  CancellationToken,
  ConfigurationError,
  ProviderError,
  TimeoutError,
  type BatchProgress,
  type PersonaConfig,
} from '../../lib';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';

const server = useFakeServer();

const generator = (options: ConstructorParameters<typeof AsyncPersonaGenerator>[0] = {}): AsyncPersonaGenerator =>
  new AsyncPersonaGenerator({ provider: 'openai', baseURL: server.current.url, stream: false, maxRetries: 0, ...options });

const config = (count = 1): PersonaConfig => ({ count, data: RESEARCH_NOTES });
const configs = (length: number): PersonaConfig[] => Array.from({ length }, () => config());

describe('agenerateBatch', () => {
  it('resolves to the results in input order, whatever order the jobs finish in', async () => {
    // More personas stream more chunks, so the first job finishes last.
    server.current.enqueue(...Array.from({ length: 3 }, () => ({ chunkDelayMs: 3 })));
    const results = await generator({ stream: true }).agenerateBatch([config(6), config(3), config(1)], { concurrency: 3 });
    expect(results.map((result) => result.personas.length)).toEqual([6, 3, 1]);
    expect(Date.parse(results[0].finishedAt)).toBeGreaterThan(Date.parse(results[2].finishedAt));
  });

  it('resolves to an empty list for no configs, without a request', async () => {
    await expect(generator().agenerateBatch([])).resolves.toEqual([]);
    await expect(generator().agenerateBatch([], { mode: 'settle' })).resolves.toEqual([]);
    expect(server.current.requests).toHaveLength(0);
  });

  it('in settle mode, resolves to one outcome per job in input order, shaped like Promise.allSettled', async () => {
    server.current.enqueue({ status: 401 });
    const outcomes = await generator().agenerateBatch([config(), { count: 0, data: RESEARCH_NOTES }, config(2)], {
      mode: 'settle',
      concurrency: 1,
    });
    expect(outcomes).toEqual([
      { status: 'rejected', reason: expect.any(AuthenticationError) },
      { status: 'rejected', reason: expect.any(ConfigurationError) },
      { status: 'fulfilled', value: expect.objectContaining({ attempts: 1 }) },
    ]);
    expect(outcomes[2].status === 'fulfilled' && outcomes[2].value.personas).toHaveLength(2);
  });

  it('in fail-fast mode, rejects with the first failure and closes the other requests', async () => {
    server.current.enqueue({ fault: 'hang' }, { status: 500, errorMessage: 'boom' });
    const failure = generator().agenerateBatch(configs(4), { concurrency: 2 });
    await expect(failure).rejects.toBeInstanceOf(ProviderError);
    await expect(failure).rejects.toMatchObject({ status: 500 });
    await server.current.waitForClientClose(1);
    expect(server.current.requests).toHaveLength(2);
  });

  it('awaits the progress callback one call at a time, in order, with finished and total jobs', async () => {
    const calls: string[] = [];
    let running = 0;
    const snapshots: BatchProgress[] = [];
    await generator().agenerateBatch(configs(3), {
      concurrency: 2,
      progressCallback: async (finished, total, progress) => {
        running += 1;
        calls.push(`start ${finished}/${total} (${running} running)`);
        snapshots.push(progress);
        await new Promise((resolve) => setTimeout(resolve, 2));
        running -= 1;
      },
    });
    expect(calls.every((call) => call.endsWith('(1 running)'))).toBe(true);
    expect(calls[0]).toBe('start 0/3 (1 running)');
    expect(calls.at(-1)).toBe('start 3/3 (1 running)');
    expect(snapshots.at(-1)).toEqual({ done: 3, failed: 0, running: 0, total: 3, personas: 3 });
    const finished = snapshots.map((progress) => progress.done + progress.failed);
    expect(finished).toEqual([...finished].sort());
  });

  it('cancels the batch when the progress callback throws, and rejects with its error', async () => {
    const oops = new Error('progress bar broke');
    server.current.enqueue({}, { fault: 'hang' });
    const failure = generator().agenerateBatch(configs(3), {
      concurrency: 2,
      progressCallback: (finished) => {
        if (finished === 1) throw oops;
      },
    });
    await expect(failure).rejects.toBe(oops);
    await server.current.waitForClientClose(1);
    expect(server.current.requests).toHaveLength(2);
  });

  it.each([
    ['a cancellation token', (reason: string) => {
      const token = new CancellationToken();
      return { options: { cancellationToken: token }, cancel: () => token.cancel(reason) };
    }],
    ['an AbortSignal', (reason: string) => {
      const controller = new AbortController();
      return { options: { signal: controller.signal }, cancel: () => controller.abort(reason) };
    }],
  ])('cancels the whole batch with %s, closing every request and starting no more', async (_, source) => {
    const { options, cancel } = source('enough');
    server.current.enqueue({ fault: 'hang' }, { fault: 'hang' });
    const failure = generator().agenerateBatch(configs(4), { concurrency: 2, mode: 'settle', ...options });
    await server.current.waitForRequests(2);
    cancel();
    await expect(failure).rejects.toBeInstanceOf(CancellationError);
    await expect(failure).rejects.toMatchObject({ reason: 'enough' });
    await server.current.waitForClientClose(2);
    expect(server.current.requests).toHaveLength(2);
  });

  it('cancels one job, reported as its outcome, with that job’s own signal', async () => {
    const job = new AbortController();
    server.current.enqueue({ latencyMs: 100 }, { latencyMs: 100 });
    const outcomes = generator().agenerateBatch([config(), { config: config(), signal: job.signal }], { mode: 'settle', concurrency: 2 });
    await server.current.waitForRequests(2);
    job.abort();
    expect(await outcomes).toEqual([
      { status: 'fulfilled', value: expect.objectContaining({ attempts: 1 }) },
      { status: 'rejected', reason: expect.any(CancellationError) },
    ]);
    expect(server.current.closedByClient).toBe(1);
  });

  it('fails the whole batch with TimeoutError after timeoutMs', async () => {
    server.current.enqueue({ fault: 'hang' });
    await expect(generator().agenerateBatch(configs(2), { concurrency: 1, timeoutMs: 40 })).rejects.toBeInstanceOf(TimeoutError);
    await server.current.waitForClientClose(1);
    expect(server.current.requests).toHaveLength(1);
  });

  it('takes an Observable of configs: results in the order the configs came, total unknown', async () => {
    const totals: (number | undefined)[] = [];
    const source = new Subject<PersonaConfig>();
    const results = generator().agenerateBatch(source, { progressCallback: (_, total) => void totals.push(total) });
    source.next(config(2));
    source.next(config(1));
    source.complete();
    expect((await results).map((result) => result.personas.length)).toEqual([2, 1]);
    expect(new Set(totals)).toEqual(new Set([undefined]));
    expect(await generator().agenerateBatch(of(config(3)))).toHaveLength(1);
  });

  it('rejects bad options with ConfigurationError before any request', async () => {
    await expect(generator().agenerateBatch(configs(2), { concurrency: 1.5 })).rejects.toMatchObject({
      constructor: ConfigurationError,
      fields: ['concurrency'],
    });
    expect(server.current.requests).toHaveLength(0);
  });
});
