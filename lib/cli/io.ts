import type { Environment } from '../providers/connection';

/** Where the command line writes: a stream, and whether it is a terminal. */
export interface CliOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/**
 * Everything the command line touches outside itself, so that `main` runs the same in the real
 * bin and in tests: the two output streams, the environment, Ctrl-C, and the hard exit that a
 * second Ctrl-C asks for.
 */
export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  env: Environment;
  /** Calls `listener` on each SIGINT until the returned function is called. */
  onInterrupt(listener: () => void): () => void;
  /** Ends the process now, without waiting for anything. */
  exit(code: number): void;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    onInterrupt(listener) {
      process.on('SIGINT', listener);
      return () => process.off('SIGINT', listener);
    },
    exit: (code) => process.exit(code),
  };
}
