import { link, mkdir, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { findDataFiles, findDirectoryFiles } from '../data/data-files';
import { readDataFiles } from '../data/load-data';
import { DataError } from '../errors';
import type { DataDocument } from '../schemas/config';
import type { ExperimentPaths } from './layout';
import { stagingPath } from './staging';

/** A research-data file kept in an experiment, as `listData$` reports it. */
export const DataFileInfoSchema = z.object({
  /** The path inside `data/`, posix-style: how the file is introduced in prompts. */
  name: z.string(),
  bytes: z.number().int().nonnegative(),
});
export type DataFileInfo = z.infer<typeof DataFileInfoSchema>;

function destinationOf(paths: ExperimentPaths, name: string): string {
  return join(paths.data, ...name.split('/'));
}

/**
 * Copies research data into `data/`. Every file is read and checked first, so a bad one fails
 * the whole call (DataError naming it) before anything is copied. The checked bytes are staged,
 * then hard-linked into place, which refuses to replace a file: a name the experiment already
 * holds fails with DataError, and the files linked so far are taken back.
 */
export async function addData(
  paths: ExperimentPaths,
  inputs: readonly string[],
  maxFileBytes: number,
  signal: AbortSignal,
): Promise<DataFileInfo[]> {
  const files = await readDataFiles(await findDataFiles(inputs, signal), maxFileBytes, signal);
  const staged = stagingPath(paths.root, 'data');
  const linked: string[] = [];
  const createdDirectories: string[] = [];
  try {
    for (const file of files) {
      signal.throwIfAborted();
      const path = join(staged, ...file.name.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.bytes);
    }
    signal.throwIfAborted();
    for (const file of files) {
      const destination = destinationOf(paths, file.name);
      const created = await mkdir(dirname(destination), { recursive: true });
      if (created) createdDirectories.push(created);
      await link(join(staged, ...file.name.split('/')), destination).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EEXIST'
          ? new DataError(`The experiment already holds a data file named '${file.name}': ${file.path}`, file.path)
          : error;
      });
      linked.push(destination);
    }
  } catch (error) {
    await Promise.all(linked.map((destination) => unlink(destination)));
    await Promise.all(createdDirectories.map((directory) => rm(directory, { recursive: true, force: true })));
    throw error;
  } finally {
    await rm(staged, { recursive: true, force: true });
  }
  return files.map((file) => ({ name: file.name, bytes: file.bytes.length }));
}

export async function listData(paths: ExperimentPaths, signal: AbortSignal): Promise<DataFileInfo[]> {
  const files = await findDirectoryFiles(paths.data, signal);
  return Promise.all(files.map(async (file) => ({ name: file.name, bytes: (await stat(file.path)).size })));
}

/** The experiment's data as prompt documents, every file checked as when it was added. */
export async function loadData(paths: ExperimentPaths, experiment: string, maxFileBytes: number, signal: AbortSignal): Promise<DataDocument[]> {
  const files = await findDirectoryFiles(paths.data, signal);
  if (files.length === 0) {
    throw new DataError(`Experiment '${experiment}' has no research data: add some with addData$, or pass data in the config`);
  }
  return (await readDataFiles(files, maxFileBytes, signal)).map((file) => file.document);
}
