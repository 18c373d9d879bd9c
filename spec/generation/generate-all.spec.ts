import { lastValueFrom, Subject, throwError, toArray, type Observable } from 'rxjs';
import {
  AuthenticationError,
  CancellationError,
  ConfigurationError,
  PersonaGenerator,
  ProviderError,
  TimeoutError,
  type BatchItem,
  type PersonaConfig,
  type SettledBatchEvent,
} from '../../lib';
import { generateAll$ } from '../../lib/generation/generate-all';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';

const server = useFakeServer();

function generator(options: ConstructorParameters<typeof PersonaGenerator>[0] = {}): PersonaGenerator {
  return new PersonaGenerator({ provider: 'openai', baseURL: server.current.url, stream: false, maxRetries: 0, ...options });
}

const config = (count = 1): PersonaConfig => ({ count, data: RESEARCH_NOTES });
const configs = (length: number): BatchItem[] => Array.from({ length }, () => config());

const collect = (events$: Observable<SettledBatchEvent>): Promise<SettledBatchEvent[]> => lastValueFrom(events$.pipe(toArray()));
const failureOf = (events$: Observable<unknown>): Promise<unknown> =>
  lastValueFrom(events$).then(
    () => {
      throw new Error('expected the batch to fail');
    },
    (error: unknown) => error,
  );

/** The jobs that ended, in the order they ended, with how each ended. */
const endings = (events: SettledBatchEvent[]): [number, string][] =>
  events.flatMap(({ job, event }) => (event.type === 'result' || event.type === 'failed' ? [[job, event.type] as [number, string]] : []));

describe('generateAll$ concurrency', () => {
  it('keeps exactly `concurrency` requests in flight at the server, and every job ends in one result', async () => {
    server.current.enqueue(...Array.from({ length: 3 }, () => ({ awaitInFlight: 3 })));
    const events = await collect(generator({ maxConcurrentRequests: 10 }).generateAll$(configs(6), { concurrency: 3 }));

    expect(server.current.maxInFlight).toBe(3);
    expect(server.current.requests).toHaveLength(6);
    expect(endings(events).map(([job]) => job).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(endings(events).every(([, type]) => type === 'result')).toBe(true);
    for (let job = 0; job < 6; job += 1) {
      const own = events.filter((item) => item.job === job);
      expect(own.at(-1)?.event.type).toBe('result');
      expect(own.map((item) => item.event.type).filter((type) => type === 'progress')).toHaveLength(5);
    }
  });

  it('lets the generator limit win when it is the lower one', async () => {
    server.current.enqueue(...Array.from({ length: 2 }, () => ({ awaitInFlight: 2 })));
    const events = await collect(generator({ maxConcurrentRequests: 2 }).generateAll$(configs(5), { concurrency: 5 }));
    expect(server.current.maxInFlight).toBe(2);
    expect(endings(events)).toHaveLength(5);
  });

  it('shares one generator between many batches without deadlock, within its limit', async () => {
    server.current.enqueue(...Array.from({ length: 2 }, () => ({ awaitInFlight: 2 })));
    const shared = generator({ maxConcurrentRequests: 2 });
    const batches = await Promise.all([1, 2, 3].map(() => collect(shared.generateAll$(configs(4), { concurrency: 3 }))));
    expect(batches.map((events) => endings(events).length)).toEqual([4, 4, 4]);
    expect(server.current.maxInFlight).toBe(2);
    expect(server.current.requests).toHaveLength(12);
  });

  it("starts no more jobs than the generator's maxConcurrentRequests when concurrency is left out", async () => {
    const started = new Set<number>();
    const subscription = generator({ maxConcurrentRequests: 2 })
      .generateAll$(configs(5))
      .subscribe(({ job }) => started.add(job));
    server.current.enqueue({ fault: 'hang' }, { fault: 'hang' });
    await server.current.waitForRequests(2);
    expect([...started]).toEqual([0, 1]);
    subscription.unsubscribe();
    await server.current.waitForClientClose(2);
  });

  it('is cold: nothing is read or requested before subscribe', async () => {
    const source = new Subject<BatchItem>();
    const events$ = generator().generateAll$(source);
    source.next(config());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.current.requests).toHaveLength(0);
    expect(source.observed).toBe(false);
    const done = collect(events$);
    source.next(config());
    source.complete();
    expect(endings(await done)).toEqual([[0, 'result']]);
  });
});

describe('generateAll$ fail-fast', () => {
  it('errors with the first failure, closes the running siblings and never starts the queued jobs', async () => {
    server.current.enqueue({ fault: 'hang' }, { fault: 'hang' }, { status: 400, errorMessage: 'bad request' });
    const error = await failureOf(generator().generateAll$(configs(5), { concurrency: 3 }));

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).status).toBe(400);
    await server.current.waitForClientClose(2);
    expect(server.current.closedByClient).toBe(2);
    expect(server.current.inFlight).toBe(0);
    expect(server.current.requests).toHaveLength(3);
  });

  it('validates every config of an array before the first job starts, naming each bad field', async () => {
    const items: BatchItem[] = [config(), { count: 99, data: RESEARCH_NOTES }, config(), { config: { temperature: 7, data: 'x' }, timeoutMs: -1 }];
    const error = await failureOf(generator().generateAll$(items));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).fields).toEqual(['1.config.count', '3.timeoutMs', '3.config.temperature']);
    expect(server.current.requests).toHaveLength(0);
  });

  it('fails the batch when one job is cancelled', async () => {
    const job = new AbortController();
    server.current.enqueue({ fault: 'hang' }, { fault: 'hang' });
    const failure = failureOf(generator().generateAll$([{ config: config(), signal: job.signal }, config()], { concurrency: 2 }));
    await server.current.waitForRequests(2);
    job.abort('not needed');
    const error = await failure;
    expect(error).toBeInstanceOf(CancellationError);
    expect((error as CancellationError).reason).toBe('not needed');
    await server.current.waitForClientClose(2);
  });
});

describe('generateAll$ settle', () => {
  it('runs every job, reports each failure as one failed event and completes', async () => {
    server.current.enqueue({ status: 401 }, {}, {});
    const items: BatchItem[] = [config(), { count: 0, data: RESEARCH_NOTES }, config(), config()];
    const events = await collect(generator().generateAll$(items, { mode: 'settle', concurrency: 2 }));

    const ended = endings(events);
    expect(ended.map(([job]) => job).sort()).toEqual([0, 1, 2, 3]);
    expect(ended.filter(([, type]) => type === 'failed')).toHaveLength(2);
    const failures = events.flatMap((item) => (item.event.type === 'failed' ? [{ job: item.job, error: item.event.error }] : []));
    const invalid = failures.find((failure) => failure.job === 1);
    expect(invalid?.error).toBeInstanceOf(ConfigurationError);
    expect((invalid?.error as ConfigurationError).fields).toEqual(['config.count']);
    expect(failures.filter((failure) => failure.error instanceof AuthenticationError)).toHaveLength(1);
    expect(server.current.requests).toHaveLength(3);
  });

  it('reports a cancelled job as failed and lets the others finish', async () => {
    const job = new AbortController();
    server.current.enqueue({ latencyMs: 100 }, { latencyMs: 100 });
    const done = collect(generator().generateAll$([{ config: config(), signal: job.signal }, config()], { mode: 'settle', concurrency: 2 }));
    await server.current.waitForRequests(2);
    job.abort('skip');
    const events = await done;

    expect(endings(events)).toEqual([
      [0, 'failed'],
      [1, 'result'],
    ]);
    const failure = events.find((item) => item.event.type === 'failed')?.event;
    expect(failure).toMatchObject({ type: 'failed', error: expect.any(CancellationError) });
    expect(server.current.closedByClient).toBe(1);
  });

  it('applies jobTimeoutMs to each job, and a job’s own timeoutMs over it', async () => {
    server.current.enqueue({ fault: 'hang' }, { latencyMs: 80 });
    const items: BatchItem[] = [config(), { config: config(), timeoutMs: 5_000 }];
    const events = await collect(generator().generateAll$(items, { mode: 'settle', concurrency: 1, jobTimeoutMs: 40 }));

    expect(endings(events)).toEqual([
      [0, 'failed'],
      [1, 'result'],
    ]);
    const failure = events[events.findIndex((item) => item.event.type === 'failed')].event;
    expect(failure).toMatchObject({ type: 'failed', error: expect.any(TimeoutError) });
    expect(failure.type === 'failed' && (failure.error as TimeoutError).stage).toBe('request');
    await server.current.waitForClientClose(1);
  });

  it('fails the batch on an error that is not a PersonaError: a defect, not an outcome', async () => {
    const defect = new TypeError('bug');
    const runner = { generate$: () => throwError(() => defect), defaultConcurrency: 1 };
    await expect(lastValueFrom(generateAll$(runner, configs(2), { mode: 'settle' }))).rejects.toBe(defect);
  });
});

describe('generateAll$ with an Observable of configs', () => {
  it('starts each job as its config arrives and completes after the source and the jobs', async () => {
    const source = new Subject<BatchItem>();
    let completed = false;
    const done = collect(generator().generateAll$(source, { mode: 'settle' })).finally(() => (completed = true));

    source.next(config(2));
    await server.current.waitForRequests(1);
    source.next({ count: 21, data: RESEARCH_NOTES });
    source.next(config(1));
    await server.current.waitForRequests(2);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(completed).toBe(false);
    source.complete();
    const events = await done;

    const results = events.flatMap(({ job, event }) => (event.type === 'result' ? [[job, event.result.personas.length]] : []));
    expect(results.sort()).toEqual([
      [0, 2],
      [2, 1],
    ]);
    expect(endings(events).filter(([, type]) => type === 'failed')).toEqual([[1, 'failed']]);
  });

  it('fails with the source’s error', async () => {
    const error = await failureOf(generator().generateAll$(throwError(() => new ConfigurationError('no more configs'))));
    expect(error).toBeInstanceOf(ConfigurationError);
  });
});

describe('generateAll$ cancellation and deadlines of the whole batch', () => {
  it('aborts every running job when the batch signal aborts, and starts no more', async () => {
    const batch = new AbortController();
    server.current.enqueue({ fault: 'hang' }, { fault: 'hang' });
    const failure = failureOf(generator().generateAll$(configs(4), { concurrency: 2, signal: batch.signal, mode: 'settle' }));
    await server.current.waitForRequests(2);
    batch.abort('user left');
    const error = await failure;
    expect(error).toBeInstanceOf(CancellationError);
    await server.current.waitForClientClose(2);
    expect(server.current.requests).toHaveLength(2);
  });

  it('closes every connection on unsubscribe', async () => {
    server.current.enqueue({ fault: 'hang' }, { fault: 'hang' }, { fault: 'hang' });
    const subscription = generator().generateAll$(configs(6), { concurrency: 3 }).subscribe();
    await server.current.waitForRequests(3);
    subscription.unsubscribe();
    await server.current.waitForClientClose(3);
    expect(server.current.inFlight).toBe(0);
  });

  it('fails with a TimeoutError naming the oldest running job and its stage', async () => {
    server.current.enqueue({ fault: 'hang' }, { fault: 'hang' });
    const error = await failureOf(generator().generateAll$(configs(3), { concurrency: 2, timeoutMs: 50 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ stage: 'request', timeoutMs: 50, retryable: false });
    expect((error as Error).message).toBe("Batch exceeded its 50 ms deadline with job 0 in stage 'request'");
    await server.current.waitForClientClose(2);
  });

  it('names a job still running, not one that has failed', async () => {
    server.current.enqueue({ status: 400 }, { fault: 'hang' });
    const error = await failureOf(generator().generateAll$(configs(2), { mode: 'settle', concurrency: 1, timeoutMs: 150 }));
    expect((error as Error).message).toBe("Batch exceeded its 150 ms deadline with job 1 in stage 'request'");
  });

  it('names no job when the deadline passes while it waits for configs', async () => {
    const error = await failureOf(generator().generateAll$(new Subject<BatchItem>(), { timeoutMs: 20 }));
    expect(error).toMatchObject({ stage: 'prepare', message: 'Batch exceeded its 20 ms deadline while waiting for jobs' });
  });

  it('rejects bad options and bad input with a ConfigurationError before any request', async () => {
    const badOptions = await failureOf(generator().generateAll$(configs(1), { concurrency: 0, mode: 'all' as never, jobTimeoutMs: -1 }));
    expect((badOptions as ConfigurationError).fields).toEqual(['concurrency', 'mode', 'jobTimeoutMs']);
    for (const mode of ['fail-fast', 'settle'] as const) {
      const badInput = await failureOf(generator().generateAll$({ count: 1 } as never, { mode }));
      expect(badInput).toBeInstanceOf(ConfigurationError);
      expect((badInput as ConfigurationError).fields).toEqual(['configs']);
    }
    expect(server.current.requests).toHaveLength(0);
  });
});
