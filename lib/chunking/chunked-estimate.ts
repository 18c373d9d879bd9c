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
 * What a chunked run sends and receives in all: each chunk's prompt and expected candidates, and
 * each consolidation level's prompt over the sets of the level before, with its expected answer.
 */
export function chunkedTokens(plan: ChunkedPlan, input: Pick<PlanInput, 'overheadTokens' | 'markerTokens'>, config: ResolvedPersonaConfig): ChunkedTokens {
  const answer = expectedOutputTokens(config);
  const setTokens = answer + input.markerTokens;
  const chunkInput = plan.chunks.reduce((total, chunk) => total + input.overheadTokens + chunk.tokens, 0);
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
