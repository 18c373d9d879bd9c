import { z } from 'zod';
import { PersonaConfigSchema } from './config';
import { ProviderNameSchema } from './provider-name';
import { ProviderBatchIdSchema } from './provider-batch-id';

/**
 * What an experiment keeps of a submitted batch, so that `resumeBatch$(batchId)` can rebuild its
 * jobs after a restart: the configs in job order, and who runs them.
 */
export const ProviderBatchRecordSchema = z.object({
  formatVersion: z.literal(1),
  batchId: ProviderBatchIdSchema,
  provider: ProviderNameSchema,
  model: z.string().min(1),
  submittedAt: z.string(),
  configs: z.array(PersonaConfigSchema).min(1),
});
export type ProviderBatchRecord = z.input<typeof ProviderBatchRecordSchema>;
export type ResolvedProviderBatchRecord = z.output<typeof ProviderBatchRecordSchema>;
