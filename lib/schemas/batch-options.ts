import { z } from 'zod';
import { PersonaConfigSchema, type PersonaConfig } from './config';
import { RunOptionsSchema } from './options';

/** `fail-fast`: the first failure ends the batch. `settle`: every job runs and reports its own outcome. */
export const BatchModeSchema = z.enum(['fail-fast', 'settle']);
export type BatchMode = z.infer<typeof BatchModeSchema>;

/** One job with its own deadline and cancellation: `{ config, timeoutMs?, signal? }`. */
export const BatchJobSchema = RunOptionsSchema.extend({ config: PersonaConfigSchema });
export type BatchJob = z.input<typeof BatchJobSchema>;
export type ResolvedBatchJob = z.output<typeof BatchJobSchema>;

/** What a batch takes per job: a bare config, or a job with its own run options. */
export type BatchItem = PersonaConfig | BatchJob;

/**
 * Options of `generateAll$`. `timeoutMs` and `signal` bound the whole batch; `jobTimeoutMs` each
 * job (a job's own `timeoutMs` wins, and the generator's `timeoutMs` applies when neither is set).
 */
export const BatchOptionsSchema = RunOptionsSchema.extend({
  /** Jobs running at once; the generator's `maxConcurrentRequests` when left out. */
  concurrency: z.number().int().min(1).max(1000).optional(),
  mode: BatchModeSchema.default('fail-fast'),
  jobTimeoutMs: RunOptionsSchema.shape.timeoutMs,
  /**
   * Names a resumable batch (needs an experiment): each finished job is recorded as it finishes,
   * and a later batch with the same key replays the jobs already done (same position, same
   * config) instead of requesting them again. A job whose config changed runs again.
   */
  resumeKey: z.string().min(1).max(200).regex(/^\P{Cc}+$/u, 'must not contain control characters').optional(),
});
export type BatchOptions = z.input<typeof BatchOptionsSchema>;
