import axios from 'axios';
import { createParser } from 'eventsource-parser';
import { fork } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { lastValueFrom } from 'rxjs';
import { z } from 'zod';
import { PersonaGenerator, parsePersonas, type PersonaConfig } from '../lib';
import { PersonaStreamParser } from '../lib/parsing/persona-stream-parser';
import { startFakeLlmServer, simulatedAnswer } from '../lib/testing';
import { pool } from './pool';

/**
 * persona-rx beside raw axios, the official `openai` client and the AI SDK, against the simulated
 * server running in a child process of its own, with every client measurement in a fresh child
 * that runs this file bundled as plain JavaScript (no TypeScript compiler in a figure, no shared
 * heap). Contenders take turns round by round, each round starting with the next one, so that
 * drift in machine load hits all alike. Figures are printed as ratios to a baseline measured in
 * the same run; nothing here is asserted.
 */

const QUICK = process.argv.includes('--quick');
const SEQUENTIAL_CALLS = QUICK ? 100 : 300;
const ROUNDS = 5;
const PARALLEL_JOBS = QUICK ? 500 : 1_000;
const PARALLEL_ROUNDS = 3;
const CONCURRENCY = 100;
const LATENCY_MS = 100;
const RSS_RUNS = QUICK ? [500, 5_000] : [1_000, 10_000];
const PARSE_COUNTS = [20, 200];
const PARSE_REPEATS = QUICK ? 11 : 31;
const CHUNK_CHARS = 24;
const MODEL = 'gpt-4o-mini';
const API_KEY = 'sk-bench-000000';
const DATA = [
  'P1: "I want my weekly report in one place, I lose two hours every Monday."',
  'P2: "Exports are so slow that I gave up and copied the table by hand."',
  'P3: "I need to see the quotes behind every finding before I trust it."',
].join('\n');
const CONFIG: PersonaConfig = { count: 3, data: DATA };

type Mode = 'whole' | 'stream';
type Task =
  | { kind: 'server'; latencyMs: number }
  | { kind: 'sequential'; url: string; mode: Mode }
  | { kind: 'parallel'; url: string }
  | { kind: 'rss'; url: string; runs: number; contender: 'raw axios' | 'persona-rx' }
  | { kind: 'parse' };

type Once = () => Promise<unknown>;
type Totals = Record<string, { ms: number; cpuMs: number }>;

/** The answer every contender receives: three personas as bare JSON, which every client can parse. */
function answerText(count: number): string {
  const tagged = simulatedAnswer(`Create exactly ${count} personas.\nResearch data:\n${DATA}`);
  return tagged.slice(tagged.indexOf('{'), tagged.lastIndexOf('}') + 1);
}

const PersonasSchema = z.object({
  personas: z.array(z.object({ id: z.string(), name: z.string(), goals: z.array(z.string()), painPoints: z.array(z.string()) })),
});

interface ChatBody {
  model: string;
  messages: { role: 'system' | 'user'; content: string }[];
  temperature: number;
  max_tokens: number;
  response_format?: unknown;
}

/**
 * The exact request persona-rx sends for CONFIG with its default options (JSON-schema mode, fenced
 * data), as a server recorded it, so that every contender sends the same request and the server
 * does the same work for all.
 */
async function sameRequest(): Promise<ChatBody> {
  const server = await startFakeLlmServer({ defaults: { text: answerText(3) } });
  try {
    await lastValueFrom(new PersonaGenerator({ provider: 'openai', baseURL: server.url, apiKey: API_KEY, stream: false }).generate$(CONFIG));
    const { stream: _stream, stream_options: _options, ...body } = server.requests[0].body as ChatBody & { stream?: boolean; stream_options?: unknown };
    return body;
  } finally {
    await server.close();
  }
}

/** Each contender's way of getting three personas, whole or streamed, from the same server. */
async function contenders(url: string, mode: Mode): Promise<Record<string, Once>> {
  const { default: OpenAI } = await import('openai');
  const { createOpenAI } = await import('@ai-sdk/openai');
  const { generateText, streamObject } = await import('ai');
  // Each client keeps its default retries: at concurrency 100 a pooled keep-alive socket can meet
  // the server's idle close, which every client but the raw one retries on its own.
  const openai = new OpenAI({ baseURL: url, apiKey: API_KEY });
  const aiSdk = createOpenAI({ baseURL: url, apiKey: API_KEY }).chat(MODEL);
  const generator = new PersonaGenerator({ provider: 'openai', baseURL: url, apiKey: API_KEY, stream: mode === 'stream' });
  const request = await sameRequest();
  const [system, prompt] = request.messages.map((message) => message.content);
  const sdkCall = { model: aiSdk, system, prompt, temperature: request.temperature, maxOutputTokens: request.max_tokens };
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` };
  const body = { ...request, ...(mode === 'stream' ? { stream: true, stream_options: { include_usage: true } } : {}) };
  if (mode === 'whole') {
    return {
      'raw axios': async () => {
        const response = await axios.post<{ choices: { message: { content: string } }[] }>(`${url}/chat/completions`, body, { headers });
        return JSON.parse(response.data.choices[0].message.content);
      },
      'openai client': async () => {
        const completion = await openai.chat.completions.create(request as Parameters<typeof openai.chat.completions.create>[0] & { stream?: false });
        return JSON.parse(completion.choices[0].message.content ?? '');
      },
      'AI SDK generateText': async () => JSON.parse((await generateText(sdkCall)).text),
      'persona-rx generate$': () => lastValueFrom(generator.generate$(CONFIG)),
    };
  }
  return {
    'raw axios': async () => {
      const response = await axios.post<AsyncIterable<Buffer>>(`${url}/chat/completions`, body, { headers, responseType: 'stream' });
      let text = '';
      const parser = createParser({
        onEvent: ({ data }) => {
          if (data !== '[DONE]') text += (JSON.parse(data) as { choices: { delta?: { content?: string } }[] }).choices[0]?.delta?.content ?? '';
        },
      });
      for await (const chunk of response.data) parser.feed(chunk.toString('utf8'));
      return JSON.parse(text);
    },
    'openai client': async () => {
      const stream = await openai.chat.completions.create({ ...(request as Parameters<typeof openai.chat.completions.create>[0]), stream: true, stream_options: { include_usage: true } });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      return JSON.parse(text);
    },
    'AI SDK streamObject': async () => {
      const result = streamObject({ ...sdkCall, schema: PersonasSchema });
      // Drained as a UI would, each partial object parsed as it grows.
      for await (const partial of result.partialObjectStream) void partial;
      return result.object;
    },
    'persona-rx generate$': () => lastValueFrom(generator.generate$(CONFIG)),
  };
}

async function timed(run: () => Promise<unknown>): Promise<{ ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await run();
  const { user, system } = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (user + system) / 1000 };
}

/** Every contender warmed up, then `rounds` rounds in which each runs `run(once)` in turn, the first turn rotating. */
async function interleaved(all: Record<string, Once>, rounds: number, run: (once: Once) => Promise<unknown>): Promise<Totals> {
  const entries = Object.entries(all);
  const totals: Totals = Object.fromEntries(entries.map(([name]) => [name, { ms: 0, cpuMs: 0 }]));
  for (const [, once] of entries) await run(once);
  for (let round = 0; round < rounds; round += 1) {
    for (let turn = 0; turn < entries.length; turn += 1) {
      const [name, once] = entries[(round + turn) % entries.length];
      const { ms, cpuMs } = await timed(() => run(once));
      totals[name].ms += ms;
      totals[name].cpuMs += cpuMs;
    }
  }
  return totals;
}

async function sequentially(count: number, once: Once): Promise<void> {
  for (let index = 0; index < count; index += 1) await once();
}

/** Parses a streamed answer of `count` personas as generate$ does: chunk by chunk, then the whole output. */
function streamedParse(count: number): () => void {
  const text = answerText(count);
  const chunks: string[] = [];
  for (let index = 0; index < text.length; index += CHUNK_CHARS) chunks.push(text.slice(index, index + CHUNK_CHARS));
  return () => {
    const parser = new PersonaStreamParser();
    for (const chunk of chunks) parser.push(chunk);
    parsePersonas(text);
  };
}

/** Median CPU ms of each answer size's parse, all sizes warmed up first and then taking turns. */
function parseCpuMs(): Record<number, number> {
  const parses = PARSE_COUNTS.map(streamedParse);
  for (let warm = 0; warm < PARSE_REPEATS; warm += 1) parses.forEach((parse) => parse());
  const samples: number[][] = PARSE_COUNTS.map(() => []);
  for (let repeat = 0; repeat < PARSE_REPEATS; repeat += 1) {
    parses.forEach((parse, index) => {
      const cpu = process.cpuUsage();
      parse();
      const { user, system } = process.cpuUsage(cpu);
      samples[index].push((user + system) / 1000);
    });
  }
  return Object.fromEntries(PARSE_COUNTS.map((count, index) => [count, median(samples[index])]));
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure(task: Exclude<Task, { kind: 'server' }>): Promise<unknown> {
  switch (task.kind) {
    case 'sequential':
      return interleaved(await contenders(task.url, task.mode), ROUNDS, (once) => sequentially(SEQUENTIAL_CALLS / ROUNDS, once));
    case 'parallel': {
      const all = await contenders(task.url, 'whole');
      const generator = new PersonaGenerator({ provider: 'openai', baseURL: task.url, apiKey: API_KEY, stream: false, maxConcurrentRequests: CONCURRENCY });
      const configs = Array.from({ length: PARALLEL_JOBS }, () => CONFIG);
      const parallel: Record<string, Once> = {
        'raw axios': () => pool(PARALLEL_JOBS, CONCURRENCY, all['raw axios']),
        'openai client': () => pool(PARALLEL_JOBS, CONCURRENCY, all['openai client']),
        'persona-rx generateAll$': () => lastValueFrom(generator.generateAll$(configs, { concurrency: CONCURRENCY }), { defaultValue: undefined }),
      };
      return interleaved(parallel, PARALLEL_ROUNDS, (once) => once());
    }
    case 'rss': {
      if (task.contender === 'raw axios') await pool(task.runs, CONCURRENCY, (await contenders(task.url, 'whole'))['raw axios']);
      else {
        const generator = new PersonaGenerator({ provider: 'openai', baseURL: task.url, apiKey: API_KEY, stream: false, maxConcurrentRequests: CONCURRENCY });
        const configs = Array.from({ length: task.runs }, () => CONFIG);
        await lastValueFrom(generator.generateAll$(configs, { concurrency: CONCURRENCY }), { defaultValue: undefined });
      }
      const peakRssMb = process.resourceUsage().maxRSS / 1024;
      (globalThis as { gc?: () => void }).gc?.();
      return { peakRssMb, liveHeapMb: process.memoryUsage().heapUsed / 2 ** 20 };
    }
    case 'parse':
      return parseCpuMs();
  }
}

/** The simulated server, answering every request with the same bare-JSON personas after `latencyMs`. */
async function serve(latencyMs: number): Promise<void> {
  const server = await startFakeLlmServer({ defaults: { latencyMs, text: answerText(3), chunkSize: CHUNK_CHARS } });
  process.send?.(server.url);
  process.on('disconnect', () => void server.close());
}

/** Runs `task` in a fresh child process of the bundle; resolves with what it sends back (a server sends its URL and stays). */
function inChild<T>(bundle: string, task: Task): Promise<{ answer: T; stop: () => void }> {
  return new Promise((resolve, reject) => {
    const child = fork(bundle, [JSON.stringify(task)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--expose-gc'] });
    const stop = (): void => {
      if (child.connected) child.disconnect();
    };
    child.on('message', (answer: T) => resolve({ answer, stop }));
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`bench child for ${task.kind} exited with ${code}`)));
  });
}

async function measured<T>(bundle: string, task: Task): Promise<T> {
  const { answer, stop } = await inChild<T>(bundle, task);
  stop();
  return answer;
}

/** The machine's load average (1, 5, 15 min) as a figure was taken: the bench shares its cores with whatever else runs. */
const load = (): string => `load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}`;

const ratio = (value: number, base: number): string => `${(value / base).toFixed(2)}x`;
const verdict = (met: boolean): string => (met ? 'met' : 'MISSED');

function printSequential(mode: Mode, totals: Totals): void {
  const base = totals['raw axios'];
  console.log(`\n${mode} mode: ${SEQUENTIAL_CALLS} sequential calls of 3 personas each, 0 ms latency (wall and client CPU, each with its ratio to raw axios; ${load()})`);
  for (const [name, { ms, cpuMs }] of Object.entries(totals)) {
    console.log(
      `  ${name.padEnd(22)} wall ${ms.toFixed(0).padStart(6)} ms ${ratio(ms, base.ms).padStart(6)}   CPU ${cpuMs.toFixed(0).padStart(6)} ms ${ratio(cpuMs, base.cpuMs).padStart(6)}`,
    );
  }
  const ours = totals['persona-rx generate$'];
  const openai = totals['openai client'];
  const limit = mode === 'whole' ? 1.2 : 1.3;
  const met = (measure: 'ms' | 'cpuMs'): string =>
    `${verdict(ours[measure] <= limit * base[measure])} / ${verdict(ours[measure] < openai[measure])}`;
  console.log(
    `  target: persona-rx <= ${limit.toFixed(2)}x ${mode === 'stream' ? 'the raw streaming floor' : 'raw axios'} / below the openai client: wall ${met('ms')}; CPU ${met('cpuMs')}`,
  );
}

export async function runPeersBench(): Promise<void> {
  // Inside node_modules, so that the bundle's dependencies (kept external) resolve as usual.
  const cache = join(__dirname, '..', 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  const outDir = await mkdtemp(join(cache, 'bench-peers-'));
  const servers: (() => void)[] = [];
  try {
    const { build } = await import('tsup');
    await build({
      config: false,
      entry: { peers: __filename },
      format: ['cjs'],
      platform: 'node',
      target: 'node20',
      outDir,
      silent: true,
      external: ['tsup', 'openai', 'ai', '@ai-sdk/openai'],
    });
    const bundle = join(outDir, 'peers.js');
    const server = async (latencyMs: number): Promise<string> => {
      const { answer, stop } = await inChild<string>(bundle, { kind: 'server', latencyMs });
      servers.push(stop);
      return answer;
    };
    const [instant, slow] = [await server(0), await server(LATENCY_MS)];
    console.log(`peers: Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})${QUICK ? ', --quick' : ''}; server and each measurement in its own process`);

    for (const mode of ['whole', 'stream'] as const) printSequential(mode, await measured<Totals>(bundle, { kind: 'sequential', url: instant, mode }));

    const parallel = await measured<Totals>(bundle, { kind: 'parallel', url: slow });
    const idealMs = Math.ceil(PARALLEL_JOBS / CONCURRENCY) * LATENCY_MS * PARALLEL_ROUNDS;
    console.log(`\nparallel: ${PARALLEL_JOBS} calls x ${LATENCY_MS} ms latency at concurrency ${CONCURRENCY}, ${PARALLEL_ROUNDS} rounds (efficiency = ideal / measured; ${load()})`);
    const efficiency = (name: string): number => idealMs / parallel[name].ms;
    for (const name of Object.keys(parallel)) {
      console.log(`  ${name.padEnd(24)} efficiency ${efficiency(name).toFixed(3)}  relative to raw axios ${(efficiency(name) / efficiency('raw axios')).toFixed(3)}  CPU ${(parallel[name].cpuMs / PARALLEL_JOBS / PARALLEL_ROUNDS).toFixed(2)} ms per call`);
    }
    const relative = efficiency('persona-rx generateAll$') / efficiency('raw axios');
    console.log(`  target: persona-rx efficiency >= 0.95 of raw axios's: ${verdict(relative >= 0.95)}`);

    console.log(`\nmemory: a fresh process per figure, ${CONCURRENCY} at a time, results dropped (peak RSS; heap in use after a full GC; ${load()})`);
    const growth: Record<string, number> = {};
    for (const contender of ['raw axios', 'persona-rx'] as const) {
      const memory: { peakRssMb: number; liveHeapMb: number }[] = [];
      for (const runs of RSS_RUNS) memory.push(await measured(bundle, { kind: 'rss', url: slow, runs, contender }));
      growth[contender] = memory[1].peakRssMb / memory[0].peakRssMb;
      const line = memory.map(({ peakRssMb, liveHeapMb }, index) => `${RSS_RUNS[index]} runs ${peakRssMb.toFixed(1)} MB (heap ${liveHeapMb.toFixed(1)} MB)`);
      console.log(`  ${contender.padEnd(12)} ${line.join(', ')}: ${ratio(memory[1].peakRssMb, memory[0].peakRssMb)}`);
    }
    console.log(`  target: persona-rx grows from ${RSS_RUNS[0]} to ${RSS_RUNS[1]} runs no more than raw axios does: ${verdict(growth['persona-rx'] <= growth['raw axios'])}`);

    const parse = await measured<Record<number, number>>(bundle, { kind: 'parse' });
    const [small, large] = PARSE_COUNTS.map((count) => parse[count]);
    console.log(`\nstreamed parse CPU (${CHUNK_CHARS}-character chunks, then the whole-output parse), median of ${PARSE_REPEATS}; ${load()}`);
    PARSE_COUNTS.forEach((count) => console.log(`  ${String(count).padStart(4)} personas: ${parse[count].toFixed(2)} ms`));
    console.log(`  target: ${PARSE_COUNTS[1]}/${PARSE_COUNTS[0]} <= 12x: ${ratio(large, small)} ${verdict(large <= 12 * small)}`);
  } finally {
    servers.forEach((stop) => stop());
    await rm(outDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const task = process.argv[2]?.startsWith('{') ? (JSON.parse(process.argv[2]) as Task) : undefined;
  const work = !task ? runPeersBench() : task.kind === 'server' ? serve(task.latencyMs) : measure(task).then((answer) => process.send?.(answer, () => process.exit(0)));
  work.catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
