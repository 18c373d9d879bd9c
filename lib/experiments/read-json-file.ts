import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { z } from 'zod';
import { ExperimentError } from '../errors';

function problemOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`;
}

/**
 * Reads a JSON file the library wrote and a person may have edited since. A missing, unreadable,
 * malformed or invalid file fails with ExperimentError saying which file and what is wrong.
 */
export async function readJsonFile<S extends z.ZodType>(path: string, schema: S, owner: string): Promise<z.output<S>> {
  const where = `${owner}: ${basename(path)}`;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ExperimentError(`${where} ${problemOf(error)} (${path})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ExperimentError(`${where} is not valid JSON: ${(error as Error).message} (${path})`);
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
  throw new ExperimentError(`${where} is invalid: ${issues} (${path})`);
}
