import { z } from 'zod';
import { RunOptionsSchema } from './options';

export { ProviderBatchIdSchema } from './provider-batch-id';

/**
 * Options of `submitBatch$` / `resumeBatch$`. `timeoutMs` and `signal` bound the whole wait;
 * reaching either cancels the remote batch as unsubscribing does.
 */
export const ProviderBatchOptionsSchema = RunOptionsSchema.extend({
  /** Time between two status requests. */
  pollIntervalMs: z.number().int().positive().max(2 ** 31 - 1).default(30_000),
  /** Unsubscribing before the batch is over calls the provider's cancel endpoint. */
  cancelOnUnsubscribe: z.boolean().default(true),
});
export type ProviderBatchOptions = z.input<typeof ProviderBatchOptionsSchema>;
export type ResolvedProviderBatchOptions = z.output<typeof ProviderBatchOptionsSchema>;
