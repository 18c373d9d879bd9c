import { z } from 'zod';
import { RunOptionsSchema } from '../schemas/options';

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

/**
 * A batch id as providers issue them (`batch_…`, `msgbatch_…`). Anything else is refused before it
 * goes into a URL or a file name.
 */
export const ProviderBatchIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be a provider batch id (letters, digits, "_" and "-")');
