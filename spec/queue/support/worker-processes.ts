import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * The worker script bundled once (lib/ included, packages left to node_modules): a process that
 * starts in a fraction of a second, where compiling lib/ on start would take many.
 */
export function bundleWorkerScript(): { script: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'persona-queue-worker-'));
  const script = join(dir, 'worker-process.js');
  buildSync({ entryPoints: [join(__dirname, 'worker-process.ts')], bundle: true, platform: 'node', target: 'node20', packages: 'external', outfile: script, logLevel: 'silent' });
  return { script, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A worker child process; `stop` asks it to close, `kill` SIGKILLs it mid-run. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

export interface WorkerEnv {
  QUEUE_NAME: string;
  REDIS_PORT: string;
  BASE_URL: string;
  WORKER_API_KEY: string;
  CONCURRENCY?: string;
  RPM?: string;
  LOCK_MS?: string;
  STALLED_MS?: string;
  MAX_RETRIES?: string;
}

/** Starts a worker process and resolves once it says it takes jobs. */
export function startWorkerProcess(script: string, env: WorkerEnv): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_PATH: join(ROOT, 'node_modules'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve({ child, stop: () => ended('SIGTERM'), kill: () => ended('SIGKILL') });
    });
    void exited.then(() => reject(new Error(`worker exited before ready: ${stderr}`)));
  });
}
