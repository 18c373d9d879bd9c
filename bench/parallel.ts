import axios from 'axios';
import { fork } from 'node:child_process';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { from, lastValueFrom, mergeMap } from 'rxjs';
import { PersonaGenerator, type PersonaConfig } from '../lib';
import { startFakeLlmServer } from '../lib/testing';
import { pool } from './pool';

const LATENCY_MS = 100;
const CONCURRENCY = 100;
const EFFICIENCY_JOBS = 1_000;
const EFFICIENCY_ROUNDS = 3;
const MEMORY_JOBS = [0, 1_000, 10_000];
const CONFIG: PersonaConfig = { count: 1, data: 'P1: "I want one dashboard." P2: "Exports are too slow, I hate waiting."' };

type Task =
  | { kind: 'efficiency'; url: string; request: { body: unknown; authorization: string } }
  | { kind: 'memory'; url: string; jobs: number };

/** Median makespan and client CPU time of EFFICIENCY_JOBS jobs. */
interface Timing {
  ms: number;
  cpuMs: number;
}

interface Efficiency {
  generateAll: Timing;
  /** The same runs on a bare mergeMap of generate$: the batch layer's own cost is the difference. */
  mergeMap: Timing;
  /** Bare axios POSTs of the same request: what the transport alone achieves here. */
  axios: Timing;
}

interface Memory {
  peakRssMb: number;
  /** The heap still in use after the jobs and a full GC: what the batch retained. */
  liveHeapMb: number;
}

/**
 * Parallel generation against the simulated server (in this process), measured in child
 * processes that run this file bundled as plain JavaScript: client and server get a core each,
 * no two measurements share a heap, and no TypeScript compiler sits in the figures. Efficiency
 * is the ideal makespan (jobs / concurrency waves of the server latency) over the measured one,
 * for generateAll$ and, as baselines, for the same runs on a bare mergeMap and for bare axios
 * POSTs of the same request at the same concurrency. Memory is the child's peak RSS with every
 * event dropped on arrival, beside an idle child (0 jobs) and the heap left after a full GC.
 */
export async function runParallelBench(): Promise<void> {
  const server = await startFakeLlmServer({ defaults: { latencyMs: LATENCY_MS } });
  // Inside node_modules, so that the bundle's dependencies (kept external) resolve as usual.
  const cache = join(__dirname, '..', 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  const outDir = await mkdtemp(join(cache, 'bench-parallel-'));
  try {
    const { build } = await import('tsup');
    await build({ config: false, entry: { parallel: __filename }, format: ['cjs'], platform: 'node', target: 'node20', outDir, silent: true, external: ['tsup'] });
    const child = join(outDir, 'parallel.js');
    const generator = new PersonaGenerator({ provider: 'openai', baseURL: server.url, stream: false });
    await lastValueFrom(generator.generate$(CONFIG));
    const { body, headers } = server.requests[server.requests.length - 1];
    const request = { body, authorization: String(headers.authorization) };

    const timed = await inChild<Efficiency>(child, { kind: 'efficiency', url: server.url, request });
    const idealMs = Math.ceil(EFFICIENCY_JOBS / CONCURRENCY) * LATENCY_MS;
    console.log(`parallel: ${EFFICIENCY_JOBS} generations, concurrency ${CONCURRENCY}, ${LATENCY_MS} ms latency, ideal ${idealMs} ms (median of ${EFFICIENCY_ROUNDS})`);
    const line = (name: string, { ms, cpuMs }: Timing): void =>
      console.log(
        `  ${name.padEnd(20)} makespan ${ms.toFixed(0).padStart(5)} ms, efficiency ${(idealMs / ms).toFixed(3)}, ` +
          `client CPU ${(cpuMs / EFFICIENCY_JOBS).toFixed(2)} ms per job`,
      );
    line('generateAll$', timed.generateAll);
    line('mergeMap(generate$)', timed.mergeMap);
    line('bare axios POSTs', timed.axios);
    console.log(
      `  target: generateAll$ efficiency >= 0.90; makespan generateAll$ / mergeMap(generate$) ${(timed.generateAll.ms / timed.mergeMap.ms).toFixed(3)}, ` +
        `generateAll$ / bare axios ${(timed.generateAll.ms / timed.axios.ms).toFixed(3)}`,
    );

    const memory: Memory[] = [];
    for (const jobs of MEMORY_JOBS) memory.push(await inChild<Memory>(child, { kind: 'memory', url: server.url, jobs }));
    console.log(`parallel: peak RSS with results discarded, concurrency ${CONCURRENCY} (target <= 200 MB, flat in N)`);
    MEMORY_JOBS.forEach((jobs, index) =>
      console.log(`  ${String(jobs).padStart(6)} generations: peak RSS ${memory[index].peakRssMb.toFixed(1)} MB, heap after full GC ${memory[index].liveHeapMb.toFixed(1)} MB`),
    );
    const [, small, large] = memory;
    console.log(`  ${MEMORY_JOBS[2]} / ${MEMORY_JOBS[1]}: peak RSS ${(large.peakRssMb / small.peakRssMb).toFixed(2)}, heap after GC ${(large.liveHeapMb / small.liveHeapMb).toFixed(2)}`);
  } finally {
    await rm(outDir, { recursive: true, force: true });
    await server.close();
  }
}

function inChild<T>(script: string, task: Task): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(script, [JSON.stringify(task)], { execArgv: ['--expose-gc'] });
    let answer: T | undefined;
    child.on('message', (message: T) => (answer = message));
    child.on('error', reject);
    child.on('exit', (code) => (answer ? resolve(answer) : reject(new Error(`bench child exited with ${code}`))));
  });
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timing(run: () => Promise<unknown>): Promise<Timing> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  await run();
  const { user, system } = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (user + system) / 1000 };
}

async function measure(task: Task): Promise<Efficiency | Memory> {
  const generator = new PersonaGenerator({ provider: 'openai', baseURL: task.url, stream: false, maxConcurrentRequests: CONCURRENCY });
  const configs = (jobs: number): PersonaConfig[] => Array.from({ length: jobs }, () => CONFIG);
  const batch = (jobs: number): Promise<unknown> =>
    lastValueFrom(generator.generateAll$(configs(jobs), { concurrency: CONCURRENCY }), { defaultValue: undefined });
  if (task.kind === 'memory') {
    await batch(task.jobs);
    (globalThis as { gc?: () => void }).gc?.();
    return { peakRssMb: process.resourceUsage().maxRSS / 1024, liveHeapMb: process.memoryUsage().heapUsed / 2 ** 20 };
  }
  const post = (): Promise<unknown> =>
    axios.post(`${task.url}/chat/completions`, task.request.body, {
      headers: { 'content-type': 'application/json', authorization: task.request.authorization },
      responseType: 'text',
    });
  const contenders: Record<keyof Efficiency, () => Promise<unknown>> = {
    generateAll: () => batch(EFFICIENCY_JOBS),
    mergeMap: () =>
      lastValueFrom(from(configs(EFFICIENCY_JOBS)).pipe(mergeMap((config) => generator.generate$(config), CONCURRENCY)), { defaultValue: undefined }),
    axios: () => pool(EFFICIENCY_JOBS, CONCURRENCY, post),
  };
  // Every path warmed up to optimised code before timing. Rounds interleave, each starting with
  // the next contender, so that neither load drift nor the position in a round favours one.
  const entries = Object.entries(contenders) as [keyof Efficiency, () => Promise<unknown>][];
  for (const [, run] of entries) await run();
  const rounds: Record<keyof Efficiency, Timing[]> = { generateAll: [], mergeMap: [], axios: [] };
  for (let round = 0; round < EFFICIENCY_ROUNDS; round += 1) {
    for (let turn = 0; turn < entries.length; turn += 1) {
      const [name, run] = entries[(round + turn) % entries.length];
      rounds[name].push(await timing(run));
    }
  }
  const medianOf = (timings: Timing[]): Timing => ({ ms: median(timings.map((t) => t.ms)), cpuMs: median(timings.map((t) => t.cpuMs)) });
  return { generateAll: medianOf(rounds.generateAll), mergeMap: medianOf(rounds.mergeMap), axios: medianOf(rounds.axios) };
}

if (require.main === module && process.send) {
  measure(JSON.parse(process.argv[2]) as Task).then(
    (answer) => process.send?.(answer, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
