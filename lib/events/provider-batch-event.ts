import { z } from 'zod';
import type { BatchOutcome } from './batch-outcome';
import type { ProviderName } from '../schemas/options';

/** Where a provider batch stands, in one vocabulary for every provider. */
export const ProviderBatchStatusSchema = z.enum([
  'validating',
  'in_progress',
  'finalizing',
  'completed',
  'cancelling',
  'cancelled',
  'expired',
  'failed',
]);
export type ProviderBatchStatus = z.infer<typeof ProviderBatchStatusSchema>;

/** The statuses after which a batch changes no more and its results can be read. */
export const FINAL_BATCH_STATUSES: ReadonlySet<ProviderBatchStatus> = new Set(['completed', 'cancelled', 'expired', 'failed']);

/** The provider accepted the batch: store `batchId` to resume it later. Comes before any wait. */
export interface ProviderBatchSubmittedEvent {
  type: 'submitted';
  batchId: string;
  provider: ProviderName;
  total: number;
}

/** The provider's status or counts changed (never two identical ones in a row). */
export interface ProviderBatchStatusEvent {
  type: 'status';
  batchId: string;
  status: ProviderBatchStatus;
  completed: number;
  failed: number;
  total: number;
}

/** One config's outcome; `job` is the config's 0-based position in the input. */
export interface ProviderBatchJobEvent {
  type: 'job';
  job: number;
  outcome: BatchOutcome;
}

export type ProviderBatchEvent = ProviderBatchSubmittedEvent | ProviderBatchStatusEvent | ProviderBatchJobEvent;
