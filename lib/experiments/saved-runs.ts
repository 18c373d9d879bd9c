import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SavedJob } from '../generation/job-record';
import { GenerationResultSchema } from '../schemas/result';
import { METADATA_FILE, RESULT_FILE, type ExperimentPaths } from './layout';
import { readJsonFile } from './read-json-file';
import { RunMetadataSchema, runSummary, type RunMetadata, type RunSummary } from './run-metadata';

interface SavedRun {
  metadata: RunMetadata;
  directory: string;
}

/** Every saved run's metadata, oldest first (run ids sort by start time). Hidden entries are not runs. */
async function savedRuns(paths: ExperimentPaths, experiment: string, signal: AbortSignal): Promise<SavedRun[]> {
  const entries = (await readdir(paths.outputs)).filter((entry) => !entry.startsWith('.')).sort();
  const runs: SavedRun[] = [];
  for (const entry of entries) {
    signal.throwIfAborted();
    const directory = join(paths.outputs, entry);
    const metadata = await readJsonFile(join(directory, METADATA_FILE), RunMetadataSchema, `Experiment '${experiment}', run ${entry}`);
    runs.push({ metadata, directory });
  }
  return runs;
}

/** Every saved run, oldest first. */
export async function listRuns(paths: ExperimentPaths, experiment: string, signal: AbortSignal): Promise<RunSummary[]> {
  return (await savedRuns(paths, experiment, signal)).map(({ metadata, directory }) => runSummary(metadata, directory));
}

/** The runs tagged with job key `key`, oldest first, their results read back from `result.json`. */
export async function savedJobs(paths: ExperimentPaths, experiment: string, key: string, signal: AbortSignal): Promise<SavedJob[]> {
  const jobs: SavedJob[] = [];
  for (const { metadata, directory } of await savedRuns(paths, experiment, signal)) {
    if (metadata.job?.key !== key) continue;
    signal.throwIfAborted();
    const saved = await readJsonFile(join(directory, RESULT_FILE), GenerationResultSchema, `Experiment '${experiment}', run ${metadata.runId}`);
    jobs.push({ index: metadata.job.index, configHash: metadata.job.configHash, result: { ...saved, outputDir: directory } });
  }
  return jobs;
}
