import { Redis } from 'ioredis';
import { concatMap, lastValueFrom, toArray } from 'rxjs';
import { ConfigurationError, ProviderError, type SettledBatchEvent } from '../../lib';
import { QueueEvents } from 'bullmq';
import { PersonaQueue, QueueError } from '../../lib/queue';
import { RecentBatches } from '../../lib/queue/cancel-channel';
import { startFakeLlmServer, type FakeLlmServer } from '../../lib/testing';
import { freePort, startRedis, type RedisServer } from './support/redis-server';

const SECRET = 'sk-queue-secret-4b1d7e9a0c2f';
const DATA = 'Interview: I want one dashboard for every client. Slow exports waste my mornings.';

let redis: RedisServer;
let server: FakeLlmServer;
let queue: PersonaQueue;
let names = 0;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.stop());
beforeEach(async () => {
  server = await startFakeLlmServer();
  names += 1;
  queue = new PersonaQueue(`in-process-${names}`, { connection: { port: redis.port } });
});
afterEach(async () => {
  await queue.close();
  await server.close();
});

const workerOptions = () => ({ provider: 'openai' as const, apiKey: SECRET, baseURL: server.url, retryBaseDelayMs: 20 });
const eventsOf = (events: SettledBatchEvent[], job: number): string[] => events.filter((each) => each.job === job).map(({ event }) => event.type);

/** Every key and value in Redis, as text. */
async function everythingIn(client: Redis): Promise<string> {
  const keys = await client.keys('*');
  const values = await Promise.all(
    keys.map(async (key) => {
      const type = await client.type(key);
      if (type === 'string') return client.get(key);
      if (type === 'hash') return JSON.stringify(await client.hgetall(key));
      if (type === 'list') return JSON.stringify(await client.lrange(key, 0, -1));
      if (type === 'set') return JSON.stringify(await client.smembers(key));
      if (type === 'zset') return JSON.stringify(await client.zrange(key, 0, -1, 'WITHSCORES'));
      if (type === 'stream') return JSON.stringify(await client.xrange(key, '-', '+'));
      return type;
    }),
  );
  return [...keys, ...values].join('\n');
}

describe('PersonaQueue with a worker in this process', () => {
  it('runs every job once and hands the producer each run’s events but tokens, in order, with one result per job', async () => {
    const worker = queue.work(workerOptions(), { concurrency: 2 });
    await worker.ready;
    const events = await lastValueFrom(queue.generateAll$([{ count: 2, data: DATA }, { count: 1, data: DATA }, { count: 3, data: DATA }]).pipe(toArray()));
    expect(server.requests).toHaveLength(3);
    for (const [job, count] of [[0, 2], [1, 1], [2, 3]] as const) {
      const types = eventsOf(events, job);
      expect(types.filter((type) => type === 'result')).toHaveLength(1);
      expect(types.at(-1)).toBe('result');
      expect(types).not.toContain('token');
      expect(types.filter((type) => type === 'persona')).toHaveLength(count);
      const steps = events.filter((each) => each.job === job && each.event.type === 'progress').map(({ event }) => (event as { step: number }).step);
      expect(steps).toEqual(steps.map((_, index) => index + 1));
      const result = events.find((each) => each.job === job && each.event.type === 'result')?.event as { result: { personas: unknown[]; provider: string } };
      expect(result.result.personas).toHaveLength(count);
      expect(result.result.provider).toBe('openai');
    }
  });

  it('writes no API key to Redis: not in a job, an event, a result or a key', async () => {
    queue.work(workerOptions());
    server.enqueue({ status: 500, errorMessage: `upstream echoed ${SECRET}` });
    const results = await queue.agenerateBatch([{ count: 1, data: DATA }, { count: 2, data: `${DATA} key=${SECRET}`.replace(SECRET, 'not-the-key') }]);
    expect(results.map((result) => result.personas.length)).toEqual([1, 2]);
    const stored = await everythingIn(redis.client());
    // Redis holds the runs' events (the check can fail): the personas the producer received are there.
    expect(stored).toContain(results[0].personas[0].name);
    expect(stored).not.toContain(SECRET);
    expect(stored).not.toContain(SECRET.slice(3));
  });

  it('gives agenerateBatch’s outcomes in settle mode, a provider’s refusal as the same error class with its fields', async () => {
    queue.work({ ...workerOptions(), maxRetries: 0 });
    server.enqueue({ status: 400, errorMessage: 'bad request for this one' });
    const outcomes = await queue.agenerateBatch([{ count: 1, data: DATA }], { mode: 'settle' });
    expect(outcomes).toHaveLength(1);
    const [outcome] = outcomes;
    expect(outcome.status).toBe('rejected');
    const reason = (outcome as { reason: unknown }).reason as ProviderError;
    expect(reason).toBeInstanceOf(ProviderError);
    expect(reason).toMatchObject({ status: 400, provider: 'openai', retryable: false, code: 'provider_error' });
    expect(reason.message).toContain('bad request for this one');
  });

  it('fails fast with the first job’s error, and rejects a batch whose job has a bad config before adding any', async () => {
    queue.work({ ...workerOptions(), maxRetries: 0 });
    server.enqueue({ status: 401, errorMessage: 'no such key' });
    await expect(queue.agenerateBatch([{ count: 1, data: DATA }])).rejects.toMatchObject({ name: 'AuthenticationError', status: 401 });
    await expect(queue.agenerateBatch([{ count: 1, data: DATA }, { count: 99, data: DATA }])).rejects.toThrow(ConfigurationError);
    expect(server.requests).toHaveLength(1);
  });

  it('holds the whole queue for the provider’s retry-after when a worker meets a 429', async () => {
    queue.work(workerOptions());
    server.enqueue({ status: 429, headers: { 'retry-after-ms': '1500' }, errorMessage: 'slow down' });
    const inspector = redis.client();
    // When the producer hears of the retry, the worker has already set the hold, in Redis, for every worker.
    const events = await lastValueFrom(
      queue.generateAll$([{ count: 1, data: DATA }]).pipe(
        concatMap(async ({ event }) => (event.type === 'retry' ? { event, holdMs: await inspector.pttl(`bull:${queue.name}:limiter`) } : { event })),
        toArray(),
      ),
    );
    const retry = events.find(({ event }) => event.type === 'retry');
    expect(retry?.event).toMatchObject({ status: 429 });
    expect((retry?.event as { delayMs: number }).delayMs).toBeGreaterThanOrEqual(1500);
    expect(retry?.holdMs).toBeGreaterThan(500);
    expect(retry?.holdMs).toBeLessThanOrEqual((retry?.event as { delayMs: number }).delayMs);
    expect(events.at(-1)?.event.type).toBe('result');
    expect(server.requests).toHaveLength(2);
  });
});

describe('PersonaQueue, more of a worker in this process', () => {
  it('paces every worker to the queue’s rateLimit: no 429 from a provider whose quota it names', async () => {
    await server.close();
    server = await startFakeLlmServer({ quota: { requestsPerSecond: 5 } });
    const paced = new PersonaQueue(`paced-${names}`, { connection: { port: redis.port }, rateLimit: { requestsPerMinute: 240 } });
    paced.work({ ...workerOptions(), maxRetries: 0 }, { concurrency: 4 });
    const results = await paced.agenerateBatch(Array.from({ length: 7 }, () => ({ count: 1, data: DATA })));
    await paced.close();
    expect(results).toHaveLength(7);
    expect(server.rateLimited).toBe(0);
  });

  it('aborts the running jobs of a batch unsubscribed, and runs no more of it', async () => {
    queue.work(workerOptions(), { concurrency: 2 });
    server.enqueue(...Array.from({ length: 5 }, () => ({ fault: 'hang' as const })));
    const subscription = queue.generateAll$(Array.from({ length: 5 }, () => ({ count: 1, data: DATA }))).subscribe();
    await server.waitForRequests(2);
    subscription.unsubscribe();
    await server.waitForClientClose(2);
    await queue.close();
    expect(server.requests).toHaveLength(2);
  });

  it('answers a job whose data was tampered with in Redis with a ConfigurationError outcome, not a crash', async () => {
    queue.work(workerOptions());
    const { queue: bull } = await queue.ready();
    const events = new QueueEvents(queue.name, { connection: { host: '127.0.0.1', port: redis.port } });
    await events.waitUntilReady();
    const job = await bull.add('persona-run', { batch: 'not-a-uuid', index: -1, config: { count: 'many' }, apiKey: 'planted' });
    const outcome = (await job.waitUntilFinished(events, 10_000)) as { error: { name: string; message: string } };
    await events.close();
    expect(outcome.error.name).toBe('ConfigurationError');
    expect(outcome.error.message).toMatch(/batch.*index.*config/s);
    expect(server.requests).toHaveLength(0);
  });
});

describe('RecentBatches', () => {
  it('remembers the newest cancelled batches up to its capacity', () => {
    const recent = new RecentBatches(2);
    ['a', 'b', 'c'].forEach((batch) => recent.add(batch));
    expect(['a', 'b', 'c'].map((batch) => recent.has(batch))).toEqual([false, true, true]);
  });
});

describe('PersonaQueue refuses', () => {
  it('a job above maxJobBytes, naming it, before reaching Redis', async () => {
    const unreachable = new PersonaQueue('big', { connection: { port: 1 }, maxJobBytes: 2048 });
    const error = await lastValueFrom(unreachable.generateAll$([{ count: 1, data: DATA }, { count: 1, data: 'x'.repeat(5000) }])).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).fields).toEqual(['configs.1.data']);
    expect((error as Error).message).toMatch(/maxJobBytes \(2048\)/);
    await unreachable.close();
  });

  it('a queue name Redis keys cannot carry, options it does not know, and a per-job signal', async () => {
    expect(() => new PersonaQueue('a:b')).toThrow(ConfigurationError);
    expect(() => new PersonaQueue('ok', { rateLimit: { requestsPerMinute: 60, tokensPerMinute: 1 } } as never)).toThrow(/tokensPerMinute/);
    await expect(queue.agenerateBatch([{ count: 1, data: DATA }], { concurrency: 2 } as never)).rejects.toThrow(/concurrency/);
    await expect(queue.agenerateBatch([{ config: { count: 1, data: DATA }, signal: new AbortController().signal } as never])).rejects.toThrow(/signal/);
  });
});

describe('PersonaQueue without Redis', () => {
  it('fails with a QueueError naming the address within the connect timeout, for producers and workers alike', async () => {
    const port = await freePort();
    const lonely = new PersonaQueue('lonely', { connection: { port }, connectTimeoutMs: 1000 });
    const worker = lonely.work(workerOptions());
    await expect(worker.ready).rejects.toThrow(QueueError);
    await expect(worker.ready).rejects.toThrow(`Redis at 127.0.0.1:${port} is unreachable`);
    const error = await lonely.agenerateBatch([{ count: 1, data: DATA }]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QueueError);
    expect(error).toMatchObject({ address: `127.0.0.1:${port}`, code: 'queue_error' });
    await lonely.close();
  });
});
