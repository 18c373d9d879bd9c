import { z } from 'zod';
import type { GenerationResult } from './result';

/**
 * Tags a saved run as one job of a longer piece of work, so that the work can be picked up again
 * after a restart. `key` names the work (`resume:<resumeKey>` for resumable batches,
 * `batch:<batchId>` for provider batches), `index` is the job's position in it, and `configHash`
 * (`jobConfigHash(config)`) tells whether the job's config is still the one that was run.
 */
export const JobTagSchema = z.strictObject({
  key: z.string().min(1).max(500).regex(/^\P{Cc}+$/u, 'must not contain control characters'),
  index: z.number().int().nonnegative(),
  configHash: z.string().min(1).max(100),
});
export type JobTag = z.infer<typeof JobTagSchema>;

/** A job a store has saved: its position, the hash of the config it ran, and its result. */
export interface SavedJob {
  readonly index: number;
  readonly configHash: string;
  readonly result: GenerationResult;
}
