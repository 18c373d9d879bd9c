import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DataError } from '../errors';
import { formatOf } from './formats';
import { unsupported } from './unsupported';

/** A research-data file: where it is, and the name that introduces it in the prompt. */
export interface DataFile {
  path: string;
  /** Posix-style: a file's own name, or `<directory>/<path inside it>`. */
  name: string;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function unreadable(path: string, error: unknown): DataError {
  const code = errorCode(error);
  if (code === 'ENOENT' || code === 'ENOTDIR') return new DataError(`Research data not found: ${path}`, path);
  return new DataError(`Research data cannot be read (${code}): ${path}`, path);
}

async function statOf(path: string): Promise<Awaited<ReturnType<typeof stat>>> {
  return stat(path).catch((error: unknown) => {
    throw unreadable(path, error);
  });
}

function isInside(root: string, path: string): boolean {
  const inside = relative(root, path);
  return inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside);
}

/** Where `path` really is, refused when a link takes it out of `root` (a directory's real path). */
async function realPathInside(root: string, path: string): Promise<string> {
  const real = await realpath(path).catch((error: unknown) => {
    throw unreadable(path, error);
  });
  if (!isInside(root, real)) throw new DataError(`Research data links outside its directory (to ${real}): ${path}`, path);
  return real;
}

/**
 * Every file under `directory`, depth first in name order. Hidden entries (`.git`, `.DS_Store`)
 * are skipped; a directory reached twice through links is walked once; a link that leads out of
 * `root` fails with DataError naming it, so nothing outside is ever read or copied.
 */
async function walk(root: string, directory: string, prefix: string, visited: Set<string>, signal: AbortSignal): Promise<DataFile[]> {
  const real = await realPathInside(root, directory);
  if (visited.has(real)) return [];
  visited.add(real);
  signal.throwIfAborted();
  // The default sort compares code units, not locale: every machine lists a directory alike.
  const names = (await readdir(directory)).filter((name) => !name.startsWith('.')).sort();
  const files: DataFile[] = [];
  for (const name of names) {
    const path = join(directory, name);
    const childName = prefix ? `${prefix}/${name}` : name;
    if ((await statOf(path)).isDirectory()) files.push(...(await walk(root, path, childName, visited, signal)));
    else {
      await realPathInside(root, path);
      files.push({ path, name: childName });
    }
  }
  return files;
}

/** The data files found, and the files inside directories left out for being of no supported type. */
export interface FoundDataFiles {
  files: DataFile[];
  /** Paths of the skipped files, in the order found. */
  skipped: string[];
}

/**
 * The files of `inputs` (files and directories, recursively), in a stable order: inputs as given,
 * each directory in name order. A file is named by its own name, a directory's files by the
 * directory's name and their path inside it. Two files with one name fail with DataError.
 * Inside a directory, a file of no supported type is skipped (listed in `skipped`), or with
 * `strict` refused with DataError; a file named on its own is always read, and refused there.
 */
export async function findDataFiles(inputs: readonly string[], signal: AbortSignal, strict = false): Promise<FoundDataFiles> {
  const files: DataFile[] = [];
  const skipped: string[] = [];
  for (const input of inputs) {
    if (!(await statOf(input)).isDirectory()) {
      files.push({ path: input, name: basename(input) });
      continue;
    }
    const found = await walkDirectory(input, basename(resolve(input)), signal);
    const unknown = found.filter((file) => !formatOf(file.path));
    if (strict && unknown.length > 0) throw unsupported(unknown[0].path);
    const supported = found.filter((file) => formatOf(file.path));
    if (supported.length === 0) {
      const left = unknown.length > 0 ? ` (only files of unsupported types: ${unknown.map((file) => file.name).join(', ')})` : '';
      throw new DataError(`No data files in directory ${input}${left}`, input);
    }
    files.push(...supported);
    skipped.push(...unknown.map((file) => file.path));
  }
  return { files: withUniqueNames(files), skipped };
}

/** The files under `directory`, named by their path inside it (how an experiment lists its data). */
export async function findDirectoryFiles(directory: string, signal: AbortSignal): Promise<DataFile[]> {
  return walkDirectory(directory, '', signal);
}

async function walkDirectory(directory: string, prefix: string, signal: AbortSignal): Promise<DataFile[]> {
  const root = await realpath(directory).catch((error: unknown) => {
    throw unreadable(directory, error);
  });
  return walk(root, directory, prefix, new Set(), signal);
}

function withUniqueNames(files: DataFile[]): DataFile[] {
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.name)) throw new DataError(`Two data files would both be named '${file.name}': ${file.path}`, file.path);
    seen.add(file.name);
  }
  return files;
}
