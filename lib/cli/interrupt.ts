import { ExitCode } from './exit-codes';
import type { CliIo } from './io';

export interface Interrupt {
  /** Aborts on the first Ctrl-C, with reason `Ctrl-C`. */
  readonly signal: AbortSignal;
  /** Runs `cleanup` before a second Ctrl-C ends the process (to give the terminal back its cursor). */
  beforeHardExit(cleanup: () => void): void;
  /** Stops listening, so that Ctrl-C has its usual effect again. */
  dispose(): void;
}

/**
 * The first Ctrl-C aborts `signal`, so that every run stops cleanly (requests aborted, nothing
 * half-written) and the command reports what it stopped; a second one ends the process at once,
 * for when the user will not wait even for that.
 */
export function listenForInterrupt(io: CliIo): Interrupt {
  const controller = new AbortController();
  const cleanups: (() => void)[] = [];
  const dispose = io.onInterrupt(() => {
    if (!controller.signal.aborted) {
      controller.abort('Ctrl-C');
      return;
    }
    for (const cleanup of cleanups) cleanup();
    io.exit(ExitCode.cancelled);
  });
  return { signal: controller.signal, beforeHardExit: (cleanup) => cleanups.push(cleanup), dispose };
}
