import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { textHash } from '../generation/text-hash';
import type { ExperimentPaths } from './layout';
import { readJsonFile } from './read-json-file';
import { stagingPath } from './staging';

/** `jobs/<file>.json`: how many jobs the work under one job key has, recorded when it starts. */
export const JobCountSchema = z.object({
  formatVersion: z.literal(1),
  key: z.string().min(1),
  total: z.number().int().nonnegative(),
  startedAt: z.string(),
});
export type JobCount = z.infer<typeof JobCountSchema>;

/** A file name for any key: its safe characters for people who look, its hash for uniqueness. */
function fileFor(key: string): string {
  const readable = key.replace(/[^A-Za-z0-9-]+/g, '-').slice(0, 60);
  return `${readable}-${textHash(key)}.json`;
}

/** Records (or replaces) the job count of `key`, written aside and renamed into place. */
export async function recordJobCount(paths: ExperimentPaths, key: string, total: number, signal: AbortSignal): Promise<void> {
  const record: JobCount = { formatVersion: 1, key, total, startedAt: new Date().toISOString() };
  await mkdir(paths.jobs, { recursive: true });
  const staged = stagingPath(paths.jobs, 'count');
  try {
    await writeFile(staged, `${JSON.stringify(record, null, 2)}\n`);
    signal.throwIfAborted();
    await rename(staged, join(paths.jobs, fileFor(key)));
  } catch (error) {
    await rm(staged, { force: true });
    throw error;
  }
}

/** Every recorded job count, by key. */
export async function jobCounts(paths: ExperimentPaths, experiment: string, signal: AbortSignal): Promise<JobCount[]> {
  const entries = await readdir(paths.jobs).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const counts: JobCount[] = [];
  for (const entry of entries.filter((name) => name.endsWith('.json') && !name.startsWith('.')).sort()) {
    signal.throwIfAborted();
    counts.push(await readJsonFile(join(paths.jobs, entry), JobCountSchema, `Experiment '${experiment}', jobs`));
  }
  return counts.sort((a, b) => a.key.localeCompare(b.key));
}
