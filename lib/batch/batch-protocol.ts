import type { Observable } from 'rxjs';
import type { PersonaError } from '../errors';
import type { ProviderBatchStatus } from '../events/provider-batch-event';

/** One request of a batch: the same body a live, non-streamed request would send. */
export interface BatchLine {
  customId: string;
  body: unknown;
}

/** A batch as the provider last described it. */
export interface BatchSnapshot {
  batchId: string;
  status: ProviderBatchStatus;
  completed: number;
  failed: number;
  total: number;
  /** Where the results are once the batch is over: OpenAI's output and error file ids. */
  resultFiles: readonly string[];
  /** The provider's own words when the whole batch failed. */
  problem?: string;
}

/** What the provider answered to one request: the response body, or why it refused it. */
export type LineResult = { customId: string; body: unknown } | { customId: string; error: PersonaError };

/** One provider's batch engine. Every request honours the generator's limiter, timeouts and retries. */
export interface BatchProtocol {
  submit$(lines: readonly BatchLine[]): Observable<BatchSnapshot>;
  status$(batchId: string): Observable<BatchSnapshot>;
  /** The per-request results of a batch that is over, in any order. */
  results$(snapshot: BatchSnapshot): Observable<LineResult[]>;
  cancel$(batchId: string): Observable<BatchSnapshot>;
}
