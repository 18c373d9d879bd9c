import type { BatchInput } from '../generation/generate-all';
import type { GeneratorOptions } from '../schemas/options';
import type { GenerationResult } from '../schemas/result';
import type { BatchOutcome } from '../events/batch-outcome';
import type { AsyncBatchOptions } from './agenerate-batch';
import { AsyncPersonaGenerator } from './async-persona-generator';

/**
 * Generator options and batch options in one object. `timeoutMs` bounds the whole batch (as in
 * every Promise adapter) and `jobTimeoutMs` each job.
 */
export type ParallelOptions = Omit<GeneratorOptions, 'timeoutMs'> & AsyncBatchOptions;

/**
 * One batch on a generator of its own, as the upstream SDK's `agenerate_parallel`. That
 * generator's `maxConcurrentRequests` defaults to `concurrency`, so `concurrency` alone decides
 * how many requests run at once.
 */
export function agenerateParallel(configs: BatchInput, options?: ParallelOptions & { mode?: 'fail-fast' }): Promise<GenerationResult[]>;
export function agenerateParallel(configs: BatchInput, options: ParallelOptions & { mode: 'settle' }): Promise<BatchOutcome[]>;
export function agenerateParallel(configs: BatchInput, options?: ParallelOptions): Promise<GenerationResult[] | BatchOutcome[]>;
export async function agenerateParallel(configs: BatchInput, options: ParallelOptions = {}): Promise<GenerationResult[] | BatchOutcome[]> {
  const { concurrency, mode, jobTimeoutMs, timeoutMs, signal, cancellationToken, progressCallback, ...generatorOptions } = options;
  const generator = new AsyncPersonaGenerator({ maxConcurrentRequests: concurrency, ...generatorOptions });
  return generator.agenerateBatch(configs, { concurrency, mode, jobTimeoutMs, timeoutMs, signal, cancellationToken, progressCallback });
}
