import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ExperimentError } from '../errors';
import { ExperimentFileSchema, type ExperimentFile, type ExperimentInfo } from './experiment-file';
import { ExperimentNameSchema } from './experiment-name';
import { experimentPaths, EXPERIMENT_FILE, type ExperimentPaths } from './layout';
import { readJsonFile } from './read-json-file';
import { stagingPath, sweepStaging } from './staging';

/** False only when nothing is there: a denied or broken path (EACCES, ELOOP…) is reported as what it is. */
async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return false;
      throw new ExperimentError(`Cannot reach ${path} (${error.code}): ${error.message}`, { cause: error });
    },
  );
}

function alreadyExists(name: string, paths: ExperimentPaths): ExperimentError {
  return new ExperimentError(`Experiment '${name}' already exists in ${paths.baseDir}; load it, or choose another name`);
}

/**
 * Builds the experiment aside, in a hidden staging directory in baseDir, and renames it into
 * place: a half-created experiment is never visible, and an existing one is never touched.
 */
export async function createExperimentDirectory(paths: ExperimentPaths, name: string, file: ExperimentFile, signal: AbortSignal): Promise<void> {
  if (await exists(paths.root)) throw alreadyExists(name, paths);
  const staged = stagingPath(paths.baseDir, name);
  try {
    await mkdir(join(staged, 'data'), { recursive: true });
    await mkdir(join(staged, 'outputs'));
    await writeFile(join(staged, EXPERIMENT_FILE), `${JSON.stringify(file, null, 2)}\n`);
    signal.throwIfAborted();
    await rename(staged, paths.root).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOTEMPTY' || error.code === 'EEXIST' ? alreadyExists(name, paths) : error;
    });
  } finally {
    await rm(staged, { recursive: true, force: true }).catch(() => undefined);
    await sweepStaging(paths.baseDir);
  }
}

/** Reads an experiment's file and clears what killed processes left in its staging area. */
export async function openExperimentDirectory(paths: ExperimentPaths, name: string): Promise<ExperimentFile> {
  if (!(await exists(paths.root))) throw new ExperimentError(`No experiment named '${name}' in ${paths.baseDir}`);
  const file = await readJsonFile(paths.file, ExperimentFileSchema, `Experiment '${name}'`);
  await sweepStaging(paths.root);
  return file;
}

/** Fails with ExperimentError once the experiment is gone (deleted, or moved by hand). */
export async function requireExperiment(paths: ExperimentPaths, name: string): Promise<void> {
  if (!(await exists(paths.file))) throw new ExperimentError(`Experiment '${name}' no longer exists (${paths.root})`);
}

/**
 * Moves the experiment out of sight in one rename, then removes it: whoever looks sees the whole
 * experiment or nothing, and a run being saved into it meanwhile fails instead of recreating it.
 * What removal leaves (a save still writing into it) is hidden and swept once this process ends.
 */
export async function deleteExperimentDirectory(paths: ExperimentPaths, name: string): Promise<void> {
  await requireExperiment(paths, name);
  const doomed = stagingPath(paths.baseDir, `${name}-deleted`);
  await rename(paths.root, doomed);
  await rm(doomed, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
}

/** Every experiment in `baseDir`, by name. Entries that are not experiments are passed over. */
export async function listExperimentDirectories(baseDir: string, signal: AbortSignal): Promise<ExperimentInfo[]> {
  const base = resolve(baseDir);
  await sweepStaging(base);
  const entries = await readdir(base).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const experiments: ExperimentInfo[] = [];
  for (const name of entries.filter((entry) => ExperimentNameSchema.safeParse(entry).success).sort()) {
    signal.throwIfAborted();
    const paths = experimentPaths(base, name);
    if (!(await exists(paths.file))) continue;
    const { formatVersion: _format, ...file } = await readJsonFile(paths.file, ExperimentFileSchema, `Experiment '${name}'`);
    experiments.push({ name, ...file, path: paths.root });
  }
  return experiments;
}
