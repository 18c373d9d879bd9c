import { CommanderError } from 'commander';
import { CancellationError, ConfigurationError, DataError, ExperimentError } from '../errors';

/** The exit statuses of `persona`, as scripts and CI rely on them. */
export const ExitCode = {
  ok: 0,
  generationFailed: 1,
  usage: 2,
  /** 128 + SIGINT, as shells report a process stopped by Ctrl-C. */
  cancelled: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Bad flags, arguments, configuration, input data and experiments (missing, already there) are
 * the caller's to fix (2); a cancelled run is 130; everything else failed while generating (1).
 */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  if (error instanceof CancellationError) return ExitCode.cancelled;
  if (error instanceof ConfigurationError || error instanceof DataError || error instanceof ExperimentError) return ExitCode.usage;
  return ExitCode.generationFailed;
}
