import type { ResolvedPersonaConfig } from '../schemas/config';
import { expectedOutputTokens } from '../cost/estimate';
import type { ChunkedPlan, PlanInput } from './plan-data';

/** A chunked run's tokens: every chunk request and every consolidation request, input counted, output expected. */
export interface ChunkedTokens {
  inputTokens: number;
  outputTokens: number;
  consolidations: number;
}

/**
 * What a chunked run sends and receives in all, as `input` counts: each chunk's prompt and
 * expected candidates, and each consolidation level's prompt over the sets of the level before,
 * with its expected answer.
 */
export function chunkedTokens(plan: ChunkedPlan, input: Pick<PlanInput, 'overheadTokens' | 'markerTokens' | 'count'>, config: ResolvedPersonaConfig): ChunkedTokens {
  const answer = expectedOutputTokens(config);
  const setTokens = answer + input.markerTokens;
  // Counted again with `input.count`: a plan is made with a count that errs high, a price wants the typical one.
  const chunkInput = plan.chunks
    .flatMap((chunk) => chunk.documents)
    .reduce((total, document) => total + input.count(document.content) + input.count(document.name) + input.markerTokens, plan.chunks.length * input.overheadTokens);
  const levels = plan.levels.reduce(
    (total, requests) => ({
      inputTokens: total.inputTokens + requests * input.overheadTokens + total.sets * setTokens,
      sets: requests,
    }),
    { inputTokens: 0, sets: plan.chunks.length },
  );
  const consolidations = plan.levels.reduce((total, requests) => total + requests, 0);
  return { inputTokens: chunkInput + levels.inputTokens, outputTokens: (plan.chunks.length + consolidations) * answer, consolidations };
}
