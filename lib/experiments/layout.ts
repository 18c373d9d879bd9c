import { join, resolve } from 'node:path';

export const EXPERIMENT_FILE = 'experiment.json';
export const RESULT_FILE = 'result.json';
export const METADATA_FILE = 'metadata.json';

/** Where an experiment keeps its parts: `<baseDir>/<name>/{experiment.json,data/,outputs/,jobs/}`. */
export interface ExperimentPaths {
  baseDir: string;
  root: string;
  file: string;
  data: string;
  outputs: string;
  /** Job counts of resumable and provider batches. */
  jobs: string;
}

export function experimentPaths(baseDir: string, name: string): ExperimentPaths {
  const base = resolve(baseDir);
  const root = join(base, name);
  return {
    baseDir: base,
    root,
    file: join(root, EXPERIMENT_FILE),
    data: join(root, 'data'),
    outputs: join(root, 'outputs'),
    jobs: join(root, 'jobs'),
  };
}
