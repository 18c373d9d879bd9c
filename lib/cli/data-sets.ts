import { aloadData } from '../data/load-data';
import { ConfigurationError, DataError } from '../errors';
import type { Experiment } from '../experiments/experiment';
import type { DataDocument, PersonaConfig } from '../schemas/config';
import type { CliIo } from './io';
import { terminalText } from './terminal-text';

/** Research data for one or more runs: one command-line argument, or a bound experiment's data. */
export interface DataSet {
  label: string;
  /** Absent for an experiment's own data, which the bound generator reads itself. */
  documents?: DataDocument[];
}

export interface Job {
  label: string;
  config: PersonaConfig;
}

/** Refuses a command given neither data nor an experiment, before anything is read. */
export function requireData(paths: readonly string[], experiment: string | undefined): void {
  if (paths.length > 0 || experiment) return;
  throw new ConfigurationError("No research data: give files or directories, or --experiment NAME to use an experiment's data", [
    { path: 'data', message: 'required without --experiment' },
  ]);
}

/** How the data sets are read: `strictData` refuses unsupported files in folders; skips are told on `io.stderr`. */
export interface DataSetReading {
  signal: AbortSignal;
  strictData: boolean;
  io: CliIo;
}

/** One line for every file skipped in every folder, with the flag that refuses them instead. */
function skippedLine(skipped: readonly string[]): string {
  const files = skipped.length === 1 ? '1 file' : `${skipped.length} files`;
  return terminalText(`Warning: skipped ${files} of unsupported type: ${skipped.join(', ')} (--strict-data refuses them instead)`) + '\n';
}

/**
 * Each argument is one data set: a file, or a directory whose files are read together. All are
 * read and checked before any run starts (DataError names the first bad file); files of
 * unsupported type inside directories are skipped with one warning line, or refused with
 * `strictData`. Without arguments, the experiment's data is the one data set, and an experiment
 * without data is refused before any run, with the command that adds some.
 */
export async function loadDataSets(paths: readonly string[], experiment: Experiment | undefined, reading: DataSetReading): Promise<DataSet[]> {
  const { signal, strictData, io } = reading;
  if (paths.length === 0 && experiment) {
    if ((await experiment.alistData({ signal })).length === 0) {
      throw new DataError(
        `Experiment '${experiment.name}' has no research data: add some with persona experiment add-data ${experiment.name} FILES..., or give data files`,
      );
    }
    return [{ label: experiment.name }];
  }
  const sets: DataSet[] = [];
  const skipped: string[] = [];
  const onSkippedFiles = (files: readonly string[]): number => skipped.push(...files);
  for (const path of paths) {
    sets.push({ label: path.replace(/(.)[\\/]+$/, '$1'), documents: await aloadData(path, { signal, strictData, onSkippedFiles }) });
  }
  if (skipped.length > 0) io.stderr.write(skippedLine(skipped));
  return sets;
}

/** `runs` jobs per data set, in data-set order; repeated runs are told apart by `#n`. */
export function jobsFor(sets: readonly DataSet[], runs: number, config: PersonaConfig): Job[] {
  return sets.flatMap((set) =>
    Array.from({ length: runs }, (_, run) => ({
      label: runs > 1 ? `${set.label} #${run + 1}` : set.label,
      config: set.documents ? { ...config, data: set.documents } : config,
    })),
  );
}
