import { batchPriceOf } from '../cost/batch-pricing';
import { CancellationError, PersonaError, ProviderError } from '../errors';
import { wholeAnswer } from '../generation/attempt-state';
import { readChunks } from '../generation/provider-response';
import { runResult } from '../generation/run-result';
import type { BatchOutcome } from '../events/batch-outcome';
import type { GenerationResult } from '../schemas/result';
import type { BatchSnapshot, LineResult } from './batch-protocol';
import type { PreparedJob } from './prepared-job';

/** Who ran a batch and since when: what every job's result says besides its own answer. */
export interface BatchRun {
  model: string;
  submittedAt: Date;
}

/**
 * A job's allSettled-shaped outcome: its answer parsed and validated as a live run's is, usage
 * and cost (at the batch price) included; or why it has none.
 */
export function jobOutcome(job: PreparedJob, line: LineResult | undefined, batch: BatchRun, final: BatchSnapshot): BatchOutcome {
  try {
    if (!line) throw missingResult(job, final);
    if ('error' in line) throw line.error;
    return { status: 'fulfilled', value: jobResult(job, line.body, batch) };
  } catch (error) {
    return { status: 'rejected', reason: asPersonaError(error, job) };
  }
}

/** The line's answer read as a live attempt reads a whole response: errors typed, token limit enforced, secrets redacted. */
function jobResult(job: PreparedJob, body: unknown, batch: BatchRun): GenerationResult {
  const { adapter } = job.run.generator.provider;
  const { answered, failure } = readChunks(adapter, job.chat.maxTokens, () => adapter.parseWhole(body), 'batch result');
  if (failure) throw failure;
  return runResult(job.run, job, wholeAnswer(answered, job.prompt), {
    price: batchPriceOf(adapter.name, batch.model),
    model: batch.model,
    startedAt: batch.submittedAt,
  });
}

function missingResult(job: PreparedJob, final: BatchSnapshot): PersonaError {
  const provider = job.run.generator.provider.adapter.name;
  if (final.status === 'cancelled') return new CancellationError(`the ${provider} batch was cancelled before this request ran`);
  const why = final.problem ? `: ${final.problem}` : '';
  return new ProviderError(`${provider} batch ${final.status} without a result for this request${why}`, {
    provider,
    retryable: false,
    ...(final.problem ? { providerMessage: final.problem } : {}),
  });
}

function asPersonaError(error: unknown, job: PreparedJob): PersonaError {
  if (error instanceof PersonaError) return error;
  const provider = job.run.generator.provider.adapter.name;
  return new ProviderError(`${provider} batch result could not be read: ${(error as Error).message}`, { provider, retryable: false });
}
