import type { Observable } from 'rxjs';
import type { ProviderBatchRecord, ResolvedProviderBatchRecord } from '../batch/provider-batch-record';
import type { DataDocument, ResolvedPersonaConfig } from '../schemas/config';
import type { ProviderName } from '../schemas/options';
import type { GenerationResult } from '../schemas/result';

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
  saveRun$(run: { result: GenerationResult; config: ResolvedPersonaConfig }): Observable<string>;
  /** Keeps a submitted provider batch (written whole or not at all), so that it can be resumed by id. */
  recordBatch$?(record: ProviderBatchRecord): Observable<void>;
  /** A batch `recordBatch$` kept; fails when there is none. */
  loadBatch$?(batchId: string): Observable<ResolvedProviderBatchRecord>;
}
