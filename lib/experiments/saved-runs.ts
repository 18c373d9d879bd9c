import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { METADATA_FILE, type ExperimentPaths } from './layout';
import { readJsonFile } from './read-json-file';
import { RunMetadataSchema, runSummary, type RunSummary } from './run-metadata';

/** Every saved run, oldest first (run ids sort by start time). Hidden entries are not runs. */
export async function listRuns(paths: ExperimentPaths, experiment: string, signal: AbortSignal): Promise<RunSummary[]> {
  const entries = (await readdir(paths.outputs)).filter((entry) => !entry.startsWith('.')).sort();
  const runs: RunSummary[] = [];
  for (const entry of entries) {
    signal.throwIfAborted();
    const directory = join(paths.outputs, entry);
    const metadata = await readJsonFile(join(directory, METADATA_FILE), RunMetadataSchema, `Experiment '${experiment}', run ${entry}`);
    runs.push(runSummary(metadata, directory));
  }
  return runs;
}
