import { batchPriceOf } from '../cost/batch-pricing';
import { costOf } from '../cost/pricing';
import { qualityOf } from '../evidence/with-evidence';
import { CancellationError, PersonaError, ProviderError } from '../errors';
import { refinePersonas } from '../generation/persona-steps';
import { completeUsage } from '../generation/usage';
import { parsePersonas } from '../parsing/parse-personas';
import type { ProviderChunk, TokenUsage } from '../providers/provider';
import { providerErrorFor } from '../providers/provider-error';
import type { BatchOutcome } from '../promise/agenerate-batch';
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

function jobResult(job: PreparedJob, body: unknown, batch: BatchRun): GenerationResult {
  const { adapter } = job.run.generator.provider;
  let text = '';
  let reported: TokenUsage = {};
  for (const chunk of answerChunks(job, body)) {
    if (chunk.type === 'error') throw providerErrorFor(adapter.name, chunk.status, chunk.message);
    if (chunk.type === 'text') text += chunk.delta;
    if (chunk.type === 'usage') reported = { ...reported, ...chunk.usage };
  }
  const parsed = parsePersonas(text);
  const personas = refinePersonas(parsed.personas, { config: job.run.config, documents: job.documents });
  const usage = completeUsage(reported, job.prompt.system + job.prompt.prompt, text);
  const price = batchPriceOf(adapter.name, batch.model);
  const costUsd = price && costOf(usage, price);
  const finishedAt = new Date();
  return {
    runId: job.run.runId,
    personas,
    ...(parsed.reasoning ? { reasoning: parsed.reasoning } : {}),
    usage,
    ...(costUsd === undefined ? {} : { costUsd }),
    provider: adapter.name,
    model: batch.model,
    sourceFiles: job.documents.map((document) => document.name),
    startedAt: batch.submittedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: Math.max(0, finishedAt.getTime() - batch.submittedAt.getTime()),
    attempts: 1,
    quality: qualityOf(personas),
  };
}

function answerChunks(job: PreparedJob, body: unknown): ProviderChunk[] {
  const { adapter } = job.run.generator.provider;
  try {
    return adapter.parseWhole(body);
  } catch {
    throw new ProviderError(`${adapter.name} sent a malformed batch result`, { provider: adapter.name, retryable: false });
  }
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
