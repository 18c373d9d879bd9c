import { spawn } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { Experiment, PersonaGenerator } from '../../lib/node';
import { RESUMED_BATCH } from './support/resumed-batch';
import { useTempDir } from '../data/support/temp-dir';
import { THREE_PERSONA_RUN_FILES } from './support/run-files';
import { useFakeServer } from '../support/fake-server';

const server = useFakeServer();
const dir = useTempDir();
const ROOT = join(__dirname, '..', '..');
const CHILD = join(__dirname, 'support', 'run-until-killed.ts');
const BATCH_CHILD = join(__dirname, 'support', 'run-batch-until-killed.ts');

// Each test starts a TypeScript child process, which takes seconds on a busy machine.
jest.setTimeout(60_000);

/** Starts the child, waits for it to print `line`, kills it with SIGKILL and waits for it to be gone. */
async function killAt(baseDir: string, stopAt: 'stream' | 'save'): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', CHILD, baseDir, server.current.url, stopAt], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const expected = stopAt === 'stream' ? 'streaming' : 'staged';
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(expected)) resolve();
    });
    child.on('exit', () => reject(new Error(`child exited before '${expected}': ${output}`)));
  });
  child.kill('SIGKILL');
  return exited;
}

async function studyWithData(): Promise<Experiment> {
  const experiment = await Experiment.acreate({ name: 'study', baseDir: join(dir.path, 'experiments') });
  await experiment.aaddData(join(ROOT, 'samples', 'data', 'interviews.md'));
  return experiment;
}

describe('a process killed mid-run', () => {
  it('while streaming: leaves outputs/ empty, and the server sees the connection close', async () => {
    const experiment = await studyWithData();
    server.current.enqueue({ chunkDelayMs: 50 });
    await expect(killAt(join(dir.path, 'experiments'), 'stream')).resolves.toBe('SIGKILL');
    await server.current.waitForClientClose();
    expect(readdirSync(join(experiment.path, 'outputs'))).toEqual([]);
    await Experiment.aload('study', { baseDir: join(dir.path, 'experiments') });
    expect(readdirSync(experiment.path).sort()).toEqual(['data', 'experiment.json', 'outputs']);
  });

  it('after writing its run aside: no visible partial run; the next load removes the leftovers of dead owners only', async () => {
    const experiment = await studyWithData();
    await expect(killAt(join(dir.path, 'experiments'), 'save')).resolves.toBe('SIGKILL');

    expect(readdirSync(join(experiment.path, 'outputs'))).toEqual([]);
    const staged = (): string[] => readdirSync(experiment.path).filter((entry) => entry.startsWith('.staging-'));
    const [leftover] = staged();
    expect(readdirSync(join(experiment.path, leftover)).sort()).toEqual(THREE_PERSONA_RUN_FILES);
    // The same work, as if a live process (this one) were still writing it.
    const live = leftover.replace(/\.\d+\./, `.${process.pid}.`);
    cpSync(join(experiment.path, leftover), join(experiment.path, live), { recursive: true });

    const loaded = await Experiment.aload('study', { baseDir: join(dir.path, 'experiments') });
    expect(staged()).toEqual([live]);
    await expect(loaded.alistRuns()).resolves.toEqual([]);
    rmSync(join(experiment.path, live), { recursive: true });
    await Experiment.aload('study', { baseDir: join(dir.path, 'experiments') });
    expect(readdirSync(experiment.path).sort()).toEqual(['data', 'experiment.json', 'outputs']);
  });
});

describe('a resumable batch killed after some jobs', () => {
  it('run again, requests only the jobs it had not saved, and replays the rest', async () => {
    const experiment = await studyWithData();
    const baseDir = join(dir.path, 'experiments');
    server.current.enqueue(...RESUMED_BATCH.map(() => ({ latencyMs: 50 })));
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', BATCH_CHILD, baseDir, server.current.url], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('result 1\n')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`child exited before its second result: ${output}`)));
    });
    await expect(exited).resolves.toBe('SIGKILL');
    const saved = readdirSync(join(experiment.path, 'outputs')).length;
    expect(saved).toBeGreaterThanOrEqual(2);

    const before = server.current.requests.length;
    const generator = new PersonaGenerator({ experiment, provider: 'openai', baseURL: server.current.url, stream: false });
    const events = await lastValueFrom(generator.generateAll$(RESUMED_BATCH, { concurrency: 2, resumeKey: 'killed' }).pipe(toArray()));
    expect(server.current.requests.length - before).toBe(RESUMED_BATCH.length - saved);
    const resumed = events.flatMap(({ job, event }) => (event.type === 'result' && event.result.resumed ? [job] : []));
    expect(resumed.sort()).toEqual(Array.from({ length: saved }, (_, job) => job));
    expect(readdirSync(join(experiment.path, 'outputs'))).toHaveLength(RESUMED_BATCH.length);
  });
});
