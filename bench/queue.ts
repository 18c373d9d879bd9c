import { performance } from 'node:perf_hooks';
import { lastValueFrom, toArray } from 'rxjs';
import { PersonaGenerator, type PersonaConfig, type SettledBatchEvent } from '../lib';
import { PersonaQueue } from '../lib/queue';
import { startFakeLlmServer, type FakeLlmServer } from '../lib/testing';
import { startRedis, type RedisServer } from '../spec/queue/support/redis-server';
import { bundleWorkerScript, startWorkerProcess, type WorkerProcess } from '../spec/queue/support/worker-processes';

/**
 * The queue against the simulated provider's quota: 1, 2 and 4 worker processes (concurrency 8
 * each) on one machine, JOBS jobs of LATENCY_MS each, a quota of QUOTA requests per rolling
 * second that the queue's `rateLimit` names. Reports goodput against the quota, the share of
 * requests refused with 429, and the latency a job gains by going through the queue rather than
 * an in-process `generateAll$` (one job at a time, no quota, so that only the transport differs).
 * `--quick`: a tenth of the jobs.
 */
const QUICK = process.argv.includes('--quick');
const JOBS = QUICK ? 100 : 1000;
const SERIAL_JOBS = QUICK ? 15 : 40;
const LATENCY_MS = 200;
const QUOTA = 20;
const WORKER_COUNTS = [1, 2, 4];
const CONFIG: PersonaConfig = { count: 1, data: 'P1: "I want one dashboard." P2: "Exports are too slow, I hate waiting."' };
const TARGETS = { goodput: 0.9, refusedShare: 0.02, overheadMs: 15 };

let names = 0;

interface Setup {
  redis: RedisServer;
  script: string;
}

async function withWorkers<T>(
  setup: Setup,
  server: FakeLlmServer,
  count: number,
  env: Record<string, string>,
  run: (queue: PersonaQueue) => Promise<T>,
): Promise<T> {
  names += 1;
  const name = `bench-${names}`;
  const queue = new PersonaQueue(name, { connection: { port: setup.redis.port }, ...(env.RPM ? { rateLimit: { requestsPerMinute: Number(env.RPM) } } : {}) });
  const workers: WorkerProcess[] = await Promise.all(
    Array.from({ length: count }, () =>
      startWorkerProcess(setup.script, { QUEUE_NAME: name, REDIS_PORT: String(setup.redis.port), BASE_URL: server.url, WORKER_API_KEY: 'sk-bench-0001', ...env }),
    ),
  );
  try {
    return await run(queue);
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    await queue.close();
  }
}

const results = (events: SettledBatchEvent[]): number => events.filter(({ event }) => event.type === 'result').length;

async function quotaRun(setup: Setup, workers: number): Promise<{ goodput: number; refusedShare: number; failed: number; seconds: number }> {
  const server = await startFakeLlmServer({ defaults: { latencyMs: LATENCY_MS }, quota: { requestsPerSecond: QUOTA } });
  try {
    return await withWorkers(setup, server, workers, { CONCURRENCY: '8', RPM: String(QUOTA * 60), MAX_RETRIES: '10' }, async (queue) => {
      const started = performance.now();
      const events = await lastValueFrom(queue.generateAll$(Array.from({ length: JOBS }, () => CONFIG), { mode: 'settle' }).pipe(toArray()));
      const seconds = (performance.now() - started) / 1000;
      const done = results(events);
      return { goodput: done / seconds / QUOTA, refusedShare: server.rateLimited / server.requests.length, failed: JOBS - done, seconds };
    });
  } finally {
    await server.close();
  }
}

/** The same jobs on one in-process generator with the same `rateLimit`: what this machine reaches without the queue. */
async function inProcessQuotaRun(): Promise<{ goodput: number; refusedShare: number; seconds: number }> {
  const server = await startFakeLlmServer({ defaults: { latencyMs: LATENCY_MS }, quota: { requestsPerSecond: QUOTA } });
  try {
    const generator = new PersonaGenerator({ provider: 'openai', baseURL: server.url, apiKey: 'sk-bench-0001', maxConcurrentRequests: 32, maxRetries: 10, rateLimit: { requestsPerMinute: QUOTA * 60 } });
    const started = performance.now();
    const events = await lastValueFrom(generator.generateAll$(Array.from({ length: JOBS }, () => CONFIG), { mode: 'settle', concurrency: 32 }).pipe(toArray()));
    const seconds = (performance.now() - started) / 1000;
    return { goodput: results(events) / seconds / QUOTA, refusedShare: server.rateLimited / server.requests.length, seconds };
  } finally {
    await server.close();
  }
}

/** Mean milliseconds per job, one job at a time: a batch in process (concurrency 1), then the same batch through the queue and one worker process (concurrency 1). */
async function overheadRun(setup: Setup): Promise<{ inProcessMs: number; queueMs: number }> {
  const server = await startFakeLlmServer({ defaults: { latencyMs: LATENCY_MS } });
  const configs = Array.from({ length: SERIAL_JOBS }, () => CONFIG);
  try {
    const generator = new PersonaGenerator({ provider: 'openai', baseURL: server.url, apiKey: 'sk-bench-0001' });
    // One warm-up job each, so that neither side pays its first-run costs in the figure.
    await lastValueFrom(generator.generateAll$([CONFIG]).pipe(toArray()));
    let started = performance.now();
    await lastValueFrom(generator.generateAll$(configs, { concurrency: 1 }).pipe(toArray()));
    const inProcessMs = (performance.now() - started) / SERIAL_JOBS;
    const queueMs = await withWorkers(setup, server, 1, { CONCURRENCY: '1' }, async (queue) => {
      await queue.agenerateBatch([CONFIG]);
      started = performance.now();
      await queue.agenerateBatch(configs);
      return (performance.now() - started) / SERIAL_JOBS;
    });
    return { inProcessMs, queueMs };
  } finally {
    await server.close();
  }
}

const verdict = (met: boolean): string => (met ? 'met' : 'NOT met');

export async function runQueueBench(): Promise<void> {
  const bundle = bundleWorkerScript();
  const redis = await startRedis();
  try {
    const setup = { redis, script: bundle.script };
    console.log(`queue: ${JOBS} jobs x ${LATENCY_MS} ms, quota ${QUOTA} req/s (rateLimit ${QUOTA * 60}/min), worker processes of concurrency 8`);
    for (const workers of WORKER_COUNTS) {
      const outcome = await quotaRun(setup, workers);
      console.log(
        `  ${String(workers).padStart(1)} worker(s): goodput ${outcome.goodput.toFixed(2)} of quota (${verdict(outcome.goodput >= TARGETS.goodput)}, target ${TARGETS.goodput}), ` +
          `429s ${(outcome.refusedShare * 100).toFixed(1)}% (${verdict(outcome.refusedShare <= TARGETS.refusedShare)}, target ≤${TARGETS.refusedShare * 100}%), ` +
          `failed ${outcome.failed}, ${outcome.seconds.toFixed(1)} s`,
      );
    }
    const baseline = await inProcessQuotaRun();
    console.log(
      `  baseline, one in-process generator (rateLimit ${QUOTA * 60}/min, concurrency 32): goodput ${baseline.goodput.toFixed(2)} of quota, ` +
        `429s ${(baseline.refusedShare * 100).toFixed(1)}%, ${baseline.seconds.toFixed(1)} s`,
    );
    const { inProcessMs, queueMs } = await overheadRun(setup);
    const overhead = queueMs - inProcessMs;
    console.log(
      `  latency per job, one at a time (${SERIAL_JOBS} jobs): in process ${inProcessMs.toFixed(1)} ms, through the queue ${queueMs.toFixed(1)} ms: ` +
        `overhead ${overhead.toFixed(1)} ms/job (${verdict(overhead <= TARGETS.overheadMs)}, target ≤${TARGETS.overheadMs} ms)`,
    );
  } finally {
    await redis.stop();
    bundle.remove();
  }
}

if (require.main === module) {
  runQueueBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
