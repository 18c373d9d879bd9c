import { createHash } from 'node:crypto';
import { link, mkdir, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { findDataFiles, findDirectoryFiles } from '../data/data-files';
import { readDataFiles } from '../data/load-data';
import { readBoundedFile } from '../data/read-bounded';
import type { LoadedDataFile } from '../data/read-data-file';
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

function digestOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Refuses a file whose exact content the experiment already holds, or that this call adds twice
 * (a folder, then a file inside it): one interview under two names would count twice in every
 * prompt. Stored files that cannot be read are left to the checks that read them.
 */
async function refuseDuplicates(paths: ExperimentPaths, files: readonly LoadedDataFile[], maxFileBytes: number, signal: AbortSignal): Promise<void> {
  const held = new Map<string, string>();
  for (const stored of await findDirectoryFiles(paths.data, signal)) {
    const bytes = await readBoundedFile(stored.path, maxFileBytes, signal).catch(() => undefined);
    if (bytes) held.set(digestOf(bytes), stored.name);
  }
  for (const file of files) {
    const digest = digestOf(file.bytes);
    const twin = held.get(digest);
    if (twin !== undefined) {
      throw new DataError(`The experiment already holds this file's content as '${twin}': ${file.path}`, file.path);
    }
    held.set(digest, file.name);
  }
}

/**
 * Copies research data into `data/`. Every file is read and checked first, so a bad one fails
 * the whole call (DataError naming it) before anything is copied. The checked bytes are staged,
 * then hard-linked into place, which refuses to replace a file: a name the experiment already
 * holds fails with DataError, and the files linked so far are taken back. A file whose content
 * the experiment already holds, under any name, is refused the same way.
 */
export async function addData(
  paths: ExperimentPaths,
  inputs: readonly string[],
  maxFileBytes: number,
  signal: AbortSignal,
): Promise<DataFileInfo[]> {
  // Strict: what an experiment holds is what was asked for, never a silently thinned folder.
  const files = await readDataFiles((await findDataFiles(inputs, signal, true)).files, maxFileBytes, signal);
  await refuseDuplicates(paths, files, maxFileBytes, signal);
  const staged = stagingPath(paths.root, 'data');
  const linked: string[] = [];
  const createdDirectories: string[] = [];
  try {
    // Not recursive: adding data must not recreate an experiment deleted meanwhile.
    await mkdir(staged);
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
    // Taking back is best effort: the failure to report is the one that stopped the copy.
    await Promise.allSettled(linked.map((destination) => unlink(destination)));
    await Promise.allSettled(createdDirectories.map((directory) => rm(directory, { recursive: true, force: true })));
    throw error;
  } finally {
    await rm(staged, { recursive: true, force: true }).catch(() => undefined);
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
