import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SavedJob } from '../schemas/job-record';
import { GenerationResultSchema } from '../schemas/result';
import { METADATA_FILE, RESULT_FILE, type ExperimentPaths } from './layout';
import { readJsonFile } from './read-json-file';
import { ExperimentError } from '../errors';
import { RunMetadataSchema, runSummary, type RunMetadata, type RunSummary, type UnreadableRunSummary } from './run-metadata';

interface SavedRun {
  metadata: RunMetadata;
  directory: string;
}

/** Why the entry `directory` of `outputs/` is not a readable run, or its metadata when it is one. */
async function readRun(directory: string, owner: string): Promise<SavedRun | { reason: string }> {
  const isDirectory = await stat(directory).then((stats) => stats.isDirectory(), () => true);
  if (!isDirectory) return { reason: `${owner} is not a run: a file, not a directory` };
  try {
    return { metadata: await readJsonFile(join(directory, METADATA_FILE), RunMetadataSchema, owner), directory };
  } catch (error) {
    if (error instanceof ExperimentError) return { reason: error.message };
    throw error;
  }
}

/**
 * Every entry of `outputs/`, oldest first (run ids sort by start time): a saved run's metadata,
 * or why the entry is not one. Hidden entries are work in progress, not runs.
 */
async function savedRuns(paths: ExperimentPaths, experiment: string, signal: AbortSignal): Promise<(SavedRun | UnreadableRunSummary)[]> {
  const entries = (await readdir(paths.outputs)).filter((entry) => !entry.startsWith('.')).sort();
  const runs: (SavedRun | UnreadableRunSummary)[] = [];
  for (const entry of entries) {
    signal.throwIfAborted();
    const directory = join(paths.outputs, entry);
    const run = await readRun(directory, `Experiment '${experiment}', run ${entry}`);
    runs.push('reason' in run ? { status: 'unreadable', runId: entry, outputDir: directory, reason: run.reason } : run);
  }
  return runs;
}

/** Every saved run, oldest first; entries that are not readable runs say why. */
export async function listRuns(paths: ExperimentPaths, experiment: string, signal: AbortSignal): Promise<RunSummary[]> {
  return (await savedRuns(paths, experiment, signal)).map((run) => ('metadata' in run ? runSummary(run.metadata, run.directory) : run));
}

/** The runs tagged with job key `key`, oldest first, their results read back from `result.json`. */
export async function savedJobs(paths: ExperimentPaths, experiment: string, key: string, signal: AbortSignal): Promise<SavedJob[]> {
  const jobs: SavedJob[] = [];
  for (const run of await savedRuns(paths, experiment, signal)) {
    // An unreadable entry cannot be shown to be a finished job: resuming runs that job again.
    if (!('metadata' in run)) continue;
    const { metadata, directory } = run;
    if (metadata.job?.key !== key) continue;
    signal.throwIfAborted();
    const saved = await readJsonFile(join(directory, RESULT_FILE), GenerationResultSchema, `Experiment '${experiment}', run ${metadata.runId}`);
    jobs.push({ index: metadata.job.index, configHash: metadata.job.configHash, result: { ...saved, outputDir: directory } });
  }
  return jobs;
}
