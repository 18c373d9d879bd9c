import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProviderBatchRecordSchema, type ProviderBatchRecord, type ResolvedProviderBatchRecord } from '../schemas/provider-batch-record';
import type { ExperimentPaths } from './layout';
import { readJsonFile } from './read-json-file';
import { stagingPath } from './staging';

/** Submitted provider batches live in `<experiment>/batches/<batchId>.json`. */
const BATCHES_DIR = 'batches';

function recordPath(paths: ExperimentPaths, batchId: string): string {
  return join(paths.root, BATCHES_DIR, `${batchId}.json`);
}

/** Writes the record aside, then renames it into place: a reader sees the whole record or none. */
export async function writeBatchRecord(paths: ExperimentPaths, record: ProviderBatchRecord, signal: AbortSignal): Promise<void> {
  const valid = ProviderBatchRecordSchema.parse(record);
  const directory = join(paths.root, BATCHES_DIR);
  await mkdir(directory, { recursive: true });
  const staged = stagingPath(directory, valid.batchId);
  try {
    await writeFile(staged, `${JSON.stringify(valid, null, 2)}\n`, { signal });
    await rename(staged, recordPath(paths, valid.batchId));
  } catch (error) {
    await rm(staged, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** The record of a batch; ExperimentError when it is missing or damaged. */
export function readBatchRecord(paths: ExperimentPaths, experimentName: string, batchId: string): Promise<ResolvedProviderBatchRecord> {
  return readJsonFile(recordPath(paths, batchId), ProviderBatchRecordSchema, `experiment '${experimentName}' batch`);
}
