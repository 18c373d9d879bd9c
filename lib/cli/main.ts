import { CommanderError } from 'commander';
import { CancellationError } from '../errors';
import { errorText } from './error-line';
import { ExitCode, exitCodeOf } from './exit-codes';
import { listenForInterrupt } from './interrupt';
import type { CliIo } from './io';
import { terminalText } from './terminal-text';
import { buildProgram } from './program';

/**
 * Runs `persona` with `argv` (the arguments after the program name) and resolves to the exit
 * status. It never throws and never exits by itself, except on a second Ctrl-C.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const interrupt = listenForInterrupt(io);
  let exitCode: ExitCode = ExitCode.ok;
  const program = buildProgram({ io, interrupt }, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    // Commander has already said what was wrong with the command line.
    if (error instanceof CommanderError) return exitCodeOf(error);
    if (error instanceof CancellationError) io.stderr.write('Cancelled (Ctrl-C).\n');
    else io.stderr.write(terminalText(errorText(error, program.opts<{ debug?: boolean }>().debug === true)));
    return exitCodeOf(error);
  } finally {
    interrupt.dispose();
  }
}
