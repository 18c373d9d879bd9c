import { cacheSavingOf, costOf } from '../cost/pricing';
import type { ModelPrice } from '../models/model-facts';
import { qualityOf } from '../evidence/with-evidence';
import { parsePersonas } from '../parsing/parse-personas';
import type { DataDocument } from '../schemas/config';
import type { GenerationResult } from '../schemas/result';
import type { Answer } from './attempt-state';
import { refinePersonas } from './persona-steps';
import type { RunContext } from './run-context';
import { completeUsage } from './usage';

/** What a result says besides its answer: the price its usage is charged at, and when the work began. */
export interface ResultTerms {
  price: ModelPrice | undefined;
  /** The model that answered, when it is not the generator's (a batch recorded with another). */
  model?: string;
  startedAt?: Date;
}

/**
 * A run's result from its whole answer: parsed (the authority over anything streamed), refined by
 * the persona steps, with usage (estimated where the provider reported none, from the prompt the
 * answer was asked with), cost and timings.
 * Live runs and provider batch jobs share it, so that both results mean the same.
 */
export function runResult(
  run: RunContext,
  { documents }: { documents: readonly DataDocument[] },
  answer: Pick<Answer, 'prompt' | 'text' | 'usage' | 'attempt'>,
  { price, model = run.generator.provider.model, startedAt = run.startedAt }: ResultTerms,
): GenerationResult {
  const parsed = parsePersonas(answer.text);
  const personas = refinePersonas(parsed.personas, { config: run.config, documents });
  const usage = completeUsage(answer.usage, answer.prompt.system + answer.prompt.prompt, answer.text);
  const costUsd = price && costOf(usage, price);
  const cached = (usage.cachedInputTokens ?? 0) + (usage.cacheWriteInputTokens ?? 0) > 0;
  const cacheSavingUsd = price && cached ? cacheSavingOf(usage, price) : undefined;
  const finishedAt = new Date();
  return {
    runId: run.runId,
    personas,
    ...(parsed.reasoning ? { reasoning: parsed.reasoning } : {}),
    usage,
    ...(costUsd === undefined ? {} : { costUsd }),
    ...(cacheSavingUsd === undefined ? {} : { cacheSavingUsd }),
    provider: run.generator.provider.adapter.name,
    model,
    sourceFiles: documents.map((document) => document.name),
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: Math.max(0, finishedAt.getTime() - startedAt.getTime()),
    attempts: answer.attempt,
    quality: qualityOf(personas),
  };
}
