import type { Observable } from 'rxjs';
import type { ProviderBatchRecord, ResolvedProviderBatchRecord } from './provider-batch-record';
import type { DataDocument, ResolvedPersonaConfig } from './config';
import type { ProviderName } from './provider-name';
import type { GenerationResult } from './result';
import type { JobTag, SavedJob } from './job-record';

/** What `saveRun$` persists: a finished run, the config it ran, and optionally the job it was. */
export interface RunToSave {
  result: GenerationResult;
  config: ResolvedPersonaConfig;
  /** Recorded with the run in the same step that publishes it: a saved run and its tag never disagree. */
  job?: JobTag;
}

/**
 * Where a bound generator reads research data and keeps its runs. The core knows only this
 * seam; `Experiment` in `persona-rx/node` implements it on the file system.
 */
export interface RunStore {
  /** The provider and model the store was created for, used when the generator names none. */
  readonly provider?: ProviderName;
  readonly model?: string;
  /** The store's research data, in a stable order. */
  loadData$(): Observable<DataDocument[]>;
  /**
   * Persists a finished run whole or not at all and emits the directory it landed in. Unsubscribing
   * before it emits must leave nothing behind.
   */
  saveRun$(run: RunToSave): Observable<string>;
  /**
   * The saved runs tagged with job key `key`, oldest first, each with its result as saved
   * (`outputDir` set). A job run more than once (its config changed) appears once per run.
   * Stores without it cannot resume work.
   */
  savedJobs$?(key: string): Observable<SavedJob[]>;
  /** Keeps a submitted provider batch (written whole or not at all), so that it can be resumed by id. */
  recordBatch$?(record: ProviderBatchRecord): Observable<void>;
  /** A batch `recordBatch$` kept; fails when there is none. */
  loadBatch$?(batchId: string): Observable<ResolvedProviderBatchRecord>;
  /** Records how many jobs the work under `key` has, so that progress can be shown as done/total. */
  recordJobCount$?(key: string, total: number): Observable<void>;
}
