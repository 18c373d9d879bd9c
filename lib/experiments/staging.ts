import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * Work in progress is written to a hidden `.staging-…` entry beside its destination (same file
 * system, so one rename publishes it). Each entry names its owner (process id and host) so that
 * the next load can tell the leftovers of a killed process from work a live process is doing.
 */
const PREFIX = '.staging-';
const HOST = hostname().replace(/[^A-Za-z0-9-]/g, '-');
const STAGED = /^\.staging-.*\.(\d+)\.([A-Za-z0-9-]+)$/;

/** A fresh staging path in `parent`, labelled for people who look, owned by this process. */
export function stagingPath(parent: string, label: string): string {
  return join(parent, `${PREFIX}${label}-${randomBytes(4).toString('hex')}.${process.pid}.${HOST}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True for a staging entry of this host whose owner process is gone: nobody will finish it. */
function isAbandoned(entry: string): boolean {
  const owner = STAGED.exec(entry);
  return owner !== null && owner[2] === HOST && !isAlive(Number(owner[1]));
}

/**
 * Removes the abandoned staging entries in `parent` (none when it does not exist). Best effort:
 * it tidies up after others and never fails the operation that called it.
 */
export async function sweepStaging(parent: string): Promise<void> {
  const entries = await readdir(parent).catch(() => []);
  await Promise.allSettled(entries.filter(isAbandoned).map((entry) => rm(join(parent, entry), { recursive: true, force: true })));
}
