import { performance } from 'node:perf_hooks';
import { lastValueFrom, toArray } from 'rxjs';
import { PersonaGenerator, type PersonaConfig } from '../lib';
import { startFakeLlmServer } from '../lib/testing';

const RUNS = 400;
const MAX_CONCURRENT_REQUESTS = 64;
const QUOTA_PER_SECOND = 20;
const LATENCY_MS = 100;
const CONFIG: PersonaConfig = { count: 1, data: 'P1: "I want one dashboard." P2: "Exports are too slow, I hate waiting."' };

interface Outcome {
  /** Runs that succeeded per second of the batch. */
  goodput: number;
  /** Share of the requests the server refused with 429. */
  refusedShare: number;
  failedRuns: number;
  seconds: number;
}

/** One batch of RUNS runs against a fresh simulated account with a quota of QUOTA_PER_SECOND requests. */
async function measure(adaptiveConcurrency: boolean): Promise<Outcome> {
  const server = await startFakeLlmServer({ defaults: { latencyMs: LATENCY_MS }, quota: { requestsPerSecond: QUOTA_PER_SECOND } });
  try {
    const generator = new PersonaGenerator({
      provider: 'openai',
      baseURL: server.url,
      stream: false,
      maxConcurrentRequests: MAX_CONCURRENT_REQUESTS,
      adaptiveConcurrency,
      maxRetries: 10,
      retryBaseDelayMs: 100,
    });
    const started = performance.now();
    const events = await lastValueFrom(generator.generateAll$(Array.from({ length: RUNS }, () => CONFIG), { mode: 'settle' }).pipe(toArray()));
    const seconds = (performance.now() - started) / 1000;
    const done = events.filter(({ event }) => event.type === 'result').length;
    return { goodput: done / seconds, refusedShare: server.rateLimited / server.requests.length, failedRuns: RUNS - done, seconds };
  } finally {
    await server.close();
  }
}

const row = (name: string, outcome: Outcome): string =>
  `  ${name.padEnd(34)} ${outcome.goodput.toFixed(1).padStart(5)} runs/s  ${(outcome.goodput / QUOTA_PER_SECOND).toFixed(2)} of quota  ` +
  `429s ${(outcome.refusedShare * 100).toFixed(1).padStart(4)}%  failed ${outcome.failedRuns}  (${outcome.seconds.toFixed(1)} s)`;

/**
 * Goodput and 429 share of RUNS runs with `maxConcurrentRequests: 64` against a quota of
 * QUOTA_PER_SECOND requests per rolling second (LATENCY_MS per answer): the adaptive limiter,
 * and the fixed concurrency of 64 it replaces, against the ideal (the quota itself).
 */
export async function runRateLimitBench(): Promise<void> {
  const adaptive = await measure(true);
  const fixed = await measure(false);
  console.log(`rate limits: ${RUNS} runs, maxConcurrentRequests ${MAX_CONCURRENT_REQUESTS}, quota ${QUOTA_PER_SECOND} req/s, ${LATENCY_MS} ms latency`);
  console.log(`  ${'ideal (the quota)'.padEnd(34)} ${QUOTA_PER_SECOND.toFixed(1).padStart(5)} runs/s  1.00 of quota  429s  0.0%`);
  console.log(row('adaptive on (default)', adaptive));
  console.log(row('adaptive off: fixed concurrency 64', fixed));
}

if (require.main === module) {
  runRateLimitBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
