import type { Observable } from 'rxjs';
import type { DataDocument } from '../schemas/config';
import { JobTagSchema, type SavedJob } from '../schemas/job-record';
import { ProviderBatchIdSchema } from '../schemas/provider-batch-id';
import type { ProviderBatchRecord, ResolvedProviderBatchRecord } from '../schemas/provider-batch-record';
import type { RunToSave } from '../schemas/run-store';
import { parseOrThrow } from '../schemas/validate';
import { readBatchRecord, writeBatchRecord } from './batch-records';
import { loadData } from './data-store';
import { requireExperiment } from './experiment-directory';
import { operation$ } from './experiment-operation';
import { recordJobCount } from './job-counts';
import type { ExperimentPaths } from './layout';
import { savedJobs } from './saved-runs';
import { saveRun } from './save-run';

/**
 * What a bound generator reads and writes in an experiment's directory: its research data, its
 * runs, the jobs and batches they belong to. Each write lands whole or not at all.
 */
export class ExperimentStore {
  constructor(
    private readonly name: string,
    private readonly paths: ExperimentPaths,
    private readonly maxFileBytes: number,
  ) {}

  /** The research data as prompt documents: what a bound generator uses when the config has none. */
  loadData$(): Observable<DataDocument[]> {
    return operation$(`read the data of experiment '${this.name}'`, async (signal) => {
      await requireExperiment(this.paths, this.name);
      return loadData(this.paths, this.name, this.maxFileBytes, signal);
    });
  }

  /**
   * Saves a run into `outputs/<runId>/` whole or not at all, and emits that directory. A `job` tag
   * is written with it (in `metadata.json`) and published by the same rename.
   */
  saveRun$(run: RunToSave): Observable<string> {
    return operation$(`save run ${run.result.runId} to experiment '${this.name}'`, async (signal) => {
      const job = run.job === undefined ? undefined : parseOrThrow(JobTagSchema, run.job, 'job tag');
      await requireExperiment(this.paths, this.name);
      return saveRun(this.paths, { ...run, job }, signal);
    });
  }

  /** The saved runs tagged with job key `key` (see `JobTag`), oldest first, with their results. */
  savedJobs$(key: string): Observable<SavedJob[]> {
    return operation$(`read the jobs ${JSON.stringify(key)} of experiment '${this.name}'`, async (signal) => {
      await requireExperiment(this.paths, this.name);
      return savedJobs(this.paths, this.name, key, signal);
    });
  }

  /** Keeps a submitted provider batch in `batches/<batchId>.json`, whole or not at all. */
  recordBatch$(record: ProviderBatchRecord): Observable<void> {
    return operation$(`record batch ${record.batchId} in experiment '${this.name}'`, async (signal) => {
      await requireExperiment(this.paths, this.name);
      await writeBatchRecord(this.paths, record, signal);
    });
  }

  /** A batch `recordBatch$` kept, so that `resumeBatch$(batchId)` needs the id alone. */
  loadBatch$(batchId: string): Observable<ResolvedProviderBatchRecord> {
    return operation$(`read batch ${batchId} of experiment '${this.name}'`, async () => {
      const id = parseOrThrow(ProviderBatchIdSchema, batchId, 'batch id');
      await requireExperiment(this.paths, this.name);
      return readBatchRecord(this.paths, this.name, id);
    });
  }

  /** Records that the work under job key `key` has `total` jobs, for `statistics$` to show progress. */
  recordJobCount$(key: string, total: number): Observable<void> {
    return operation$(`record the jobs ${JSON.stringify(key)} of experiment '${this.name}'`, async (signal) => {
      const job = parseOrThrow(JobTagSchema.pick({ key: true }), { key }, 'job key');
      const count = parseOrThrow(JobTagSchema.shape.index, total, 'job count');
      await requireExperiment(this.paths, this.name);
      await recordJobCount(this.paths, job.key, count, signal);
    });
  }
}
