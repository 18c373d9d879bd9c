import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { DataError } from '../errors';

/** A research-data file: where it is, and the name that introduces it in the prompt. */
export interface DataFile {
  path: string;
  /** Posix-style: a file's own name, or `<directory>/<path inside it>`. */
  name: string;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

async function statOf(path: string): Promise<Awaited<ReturnType<typeof stat>>> {
  try {
    return await stat(path);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new DataError(`Research data not found: ${path}`, path);
    throw new DataError(`Research data cannot be read (${code}): ${path}`, path);
  }
}

/**
 * Every file under `directory`, depth first in name order. Hidden entries (`.git`, `.DS_Store`)
 * are skipped; a directory reached twice through links is walked once.
 */
async function walk(directory: string, prefix: string, visited: Set<string>, signal: AbortSignal): Promise<DataFile[]> {
  const real = await realpath(directory);
  if (visited.has(real)) return [];
  visited.add(real);
  signal.throwIfAborted();
  // The default sort compares code units, not locale: every machine lists a directory alike.
  const names = (await readdir(directory)).filter((name) => !name.startsWith('.')).sort();
  const files: DataFile[] = [];
  for (const name of names) {
    const path = join(directory, name);
    const childName = prefix ? `${prefix}/${name}` : name;
    if ((await statOf(path)).isDirectory()) files.push(...(await walk(path, childName, visited, signal)));
    else files.push({ path, name: childName });
  }
  return files;
}

/**
 * The files of `inputs` (files and directories, recursively), in a stable order: inputs as given,
 * each directory in name order. A file is named by its own name, a directory's files by the
 * directory's name and their path inside it. Two files with one name fail with DataError.
 */
export async function findDataFiles(inputs: readonly string[], signal: AbortSignal): Promise<DataFile[]> {
  const files: DataFile[] = [];
  for (const input of inputs) {
    const found = (await statOf(input)).isDirectory()
      ? await walk(input, basename(resolve(input)), new Set(), signal)
      : [{ path: input, name: basename(input) }];
    if (found.length === 0) throw new DataError(`No data files in directory ${input}`, input);
    files.push(...found);
  }
  return withUniqueNames(files);
}

/** The files under `directory`, named by their path inside it (how an experiment lists its data). */
export async function findDirectoryFiles(directory: string, signal: AbortSignal): Promise<DataFile[]> {
  return walk(directory, '', new Set(), signal);
}

function withUniqueNames(files: DataFile[]): DataFile[] {
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.name)) throw new DataError(`Two data files would both be named '${file.name}': ${file.path}`, file.path);
    seen.add(file.name);
  }
  return files;
}
