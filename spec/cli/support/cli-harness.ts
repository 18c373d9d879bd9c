import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { CliIo } from '../../../lib/cli/io';
import { main } from '../../../lib/cli/main';

export const ROOT = join(__dirname, '..', '..', '..');
export const BIN = join(ROOT, 'dist', 'cjs', 'cli.js');
export const SAMPLES = join(ROOT, 'samples', 'data');

/** Anything a terminal would act on: CSI sequences and the cursor-moving control characters. */
export const CONTROL_CODES = /\x1b|\r|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

export class CapturedOutput {
  text = '';
  constructor(readonly isTTY = false) {}
  readonly columns = 120;
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

export interface InProcessRun {
  io: CliIo & { stdout: CapturedOutput; stderr: CapturedOutput };
  /** Sends one Ctrl-C to the running command. */
  interrupt(): void;
  exits: number[];
  done: Promise<number>;
}

/** Runs `main` in this process with captured output, the given environment and a Ctrl-C button. */
export function startMain(argv: string[], options: { env?: Record<string, string>; tty?: boolean } = {}): InProcessRun {
  const listeners = new Set<() => void>();
  const exits: number[] = [];
  const io = {
    stdout: new CapturedOutput(options.tty),
    stderr: new CapturedOutput(options.tty),
    env: options.env ?? {},
    onInterrupt(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    exit: (code: number) => exits.push(code),
  };
  return { io, exits, interrupt: () => listeners.forEach((listener) => listener()), done: main(argv, io) };
}

export async function runMain(argv: string[], options: { env?: Record<string, string>; tty?: boolean } = {}) {
  const run = startMain(argv, options);
  const code = await run.done;
  return { code, stdout: run.io.stdout.text, stderr: run.io.stderr.text };
}

export interface BinResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built bin as a child process, with only the environment given (no inherited API keys). */
export function spawnBin(args: string[], env: Record<string, string> = {}): { child: ChildProcess; result: Promise<BinResult> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const result = new Promise<BinResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, result };
}

export const runBin = (args: string[], env?: Record<string, string>): Promise<BinResult> => spawnBin(args, env).result;

/** Resolves once the child has written `pattern` to stderr. */
export function stderrMatches(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    const onData = (chunk: Buffer | string): void => {
      seen += chunk.toString();
      if (!pattern.test(seen)) return;
      child.stderr?.off('data', onData);
      resolve();
    };
    child.stderr?.on('data', onData);
  });
}
