import { lastValueFrom, tap, toArray } from 'rxjs';
import type { SettledBatchEvent } from '../../lib';
import { PersonaQueue } from '../../lib/queue';
import { startFakeLlmServer, type FakeLlmServer } from '../../lib/testing';
import { startRedis, type RedisServer } from './support/redis-server';
import { bundleWorkerScript, startWorkerProcess, type WorkerEnv, type WorkerProcess } from './support/worker-processes';

/**
 * Workers as users run them: processes of their own, sharing one real Redis, talking to one
 * simulated provider that counts what it sees.
 */
const SECRET = 'sk-worker-process-secret-77c1';
const DATA = 'Interview: I want one dashboard for every client. Slow exports waste my mornings.';

let redis: RedisServer;
let server: FakeLlmServer;
let queue: PersonaQueue;
let workers: WorkerProcess[];
let names = 0;
let bundle: ReturnType<typeof bundleWorkerScript>;

beforeAll(async () => {
  bundle = bundleWorkerScript();
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
  bundle.remove();
});
beforeEach(async () => {
  names += 1;
  workers = [];
  server = await startFakeLlmServer();
  queue = new PersonaQueue(`processes-${names}`, { connection: { port: redis.port } });
});
afterEach(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await queue.close();
  await server.close();
});

async function startWorkers(count: number, env: Partial<WorkerEnv> = {}): Promise<WorkerProcess[]> {
  const started = await Promise.all(
    Array.from({ length: count }, () =>
      startWorkerProcess(bundle.script, { QUEUE_NAME: queue.name, REDIS_PORT: String(redis.port), BASE_URL: server.url, WORKER_API_KEY: SECRET, ...env }),
    ),
  );
  workers.push(...started);
  return started;
}

const resultsPerJob = (events: SettledBatchEvent[]): number[] =>
  events.reduce<number[]>((counts, { job, event }) => {
    counts[job] = (counts[job] ?? 0) + (event.type === 'result' ? 1 : 0);
    return counts;
  }, []);

describe('PersonaQueue across worker processes', () => {
  it('runs every job exactly once across three workers, the three at work at once', async () => {
    await startWorkers(3);
    // The first three answers wait until three requests are in flight: one per worker (concurrency 1 each).
    server.enqueue({ awaitInFlight: 3 }, { awaitInFlight: 3 }, { awaitInFlight: 3 });
    const configs = Array.from({ length: 9 }, () => ({ count: 1, data: DATA }));
    const events = await lastValueFrom(queue.generateAll$(configs, { mode: 'settle' }).pipe(toArray()));
    expect(resultsPerJob(events)).toEqual(Array(9).fill(1));
    expect(server.requests).toHaveLength(9);
    expect(server.maxInFlight).toBe(3);
  }, 60_000);

  it('finishes on another worker the job of a worker SIGKILLed mid-run, with one result', async () => {
    const short = { LOCK_MS: '1000', STALLED_MS: '300' };
    const [doomed] = await startWorkers(1, short);
    server.enqueue({ fault: 'hang' });
    const events: SettledBatchEvent[] = [];
    const done = lastValueFrom(queue.generateAll$([{ count: 2, data: DATA }]).pipe(tap((event) => events.push(event)), toArray()));
    await server.waitForRequests(1);
    await doomed.kill();
    await server.waitForClientClose(1);
    await startWorkers(1, short);
    await done;
    expect(server.requests).toHaveLength(2);
    expect(resultsPerJob(events)).toEqual([1]);
    const types = events.map(({ event }) => event.type);
    const retry = events.find(({ event }) => event.type === 'retry')?.event;
    expect(retry).toMatchObject({ reason: expect.stringContaining('another worker took it up'), discarded: { personas: 0 } });
    expect(types.indexOf('retry')).toBeGreaterThan(0);
    expect(types.at(-1)).toBe('result');
  }, 60_000);

  it('keeps workers on different processes inside one shared quota: no 429 at the provider', async () => {
    await server.close();
    // The quota leaves the pacing a fifth of slack: a worker's first request, on a cold process, starts late.
    server = await startFakeLlmServer({ quota: { requestsPerSecond: 5 } });
    await queue.close();
    queue = new PersonaQueue(`processes-quota-${names}`, { connection: { port: redis.port }, rateLimit: { requestsPerMinute: 240 } });
    await startWorkers(2, { CONCURRENCY: '4', RPM: '240', MAX_RETRIES: '0' });
    const results = await queue.agenerateBatch(Array.from({ length: 10 }, () => ({ count: 1, data: DATA })));
    expect(results).toHaveLength(10);
    expect(server.requests).toHaveLength(10);
    expect(server.rateLimited).toBe(0);
  }, 60_000);

  it('cancels on unsubscribe: every worker aborts its running job (the provider sees each connection close) and waiting jobs are removed', async () => {
    await startWorkers(2);
    const subscription = queue.generateAll$(Array.from({ length: 6 }, () => ({ count: 1, data: DATA }))).subscribe({ error: () => undefined });
    server.enqueue(...Array.from({ length: 6 }, () => ({ fault: 'hang' as const })));
    await server.waitForRequests(2);
    subscription.unsubscribe();
    await server.waitForClientClose(2);
    await queue.close();
    const { queue: bull } = await new PersonaQueue(queue.name, { connection: { port: redis.port } }).ready().then(async (connected) => {
      const counts = await connected.queue.getJobCounts('waiting', 'active', 'delayed');
      await connected.queue.close();
      await connected.control.quit();
      return { queue: counts };
    });
    expect(bull).toEqual({ waiting: 0, active: 0, delayed: 0 });
    expect(server.requests).toHaveLength(2);
  }, 60_000);
});
