import { map, of, type Observable } from 'rxjs';
import { CHAT_OVERHEAD_TOKENS, expectedOutputTokens } from '../cost/estimate';
import { tokenCounter$, type TokenCounter } from '../cost/token-counter';
import { contextWindowFor } from '../models/context-window';
import { closeMarker, openMarker } from '../prompts/fence';
import type { DataDocument } from '../schemas/config';
import { renderedRequest } from '../generation/rendered-request';
import type { RunContext } from '../generation/run-context';
import { chunkInstructions, consolidationInstructions } from './chunk-instructions';
import { planData, type DataPlan, type PlanInput } from './plan-data';

/** A token is at least one UTF-8 byte, and a UTF-16 code unit at most three: an upper bound without counting. */
const MAX_TOKENS_PER_CODE_UNIT = 3;
/** A chunk's candidates get half as much room again as a run of their count usually takes. */
const CANDIDATE_ROOM = 1.5;
/** Part of the window kept free for what counting cannot see exactly (chat formatting, a tokenizer's approximation). */
const SAFETY_SHARE = 0.02;
const WIDEST_NUMBER = 99_999;

/** The window a run plans for: the generator's `contextWindow`, else the model registry's; undefined when no one knows it. */
export function contextWindowOf(run: RunContext): number | undefined {
  const { adapter, model } = run.generator.provider;
  return contextWindowFor(adapter.name, model, run.generator.options.contextWindow);
}

/** What planning counts for this run: its fixed prompt parts and the answer sizes, with `counter`. */
export function planInput(run: RunContext, documents: readonly DataDocument[], contextWindow: number | undefined, counter: TokenCounter): PlanInput {
  const { count } = counter;
  const bare = renderedRequest(run, []).prompt;
  const notes = Math.max(count(chunkInstructions(WIDEST_NUMBER, WIDEST_NUMBER)), count(consolidationInstructions(true)), count(consolidationInstructions(false)));
  return {
    documents,
    contextWindow,
    count,
    maxTokens: run.config.maxTokens,
    candidateTokens: Math.min(run.config.maxTokens, Math.ceil(expectedOutputTokens(run.config) * CANDIDATE_ROOM)),
    overheadTokens: count(bare.system) + count(bare.prompt) + notes + CHAT_OVERHEAD_TOKENS,
    markerTokens: count(`${openMarker(bare.boundary, '')}\n\n${closeMarker(bare.boundary)}\n\n`),
    safetyMargin: contextWindow === undefined ? 0 : Math.ceil(contextWindow * SAFETY_SHARE),
  };
}

/** The prompt's size bound without counting: every code unit of the data, its names and the fixed parts at three tokens. */
function upperBound(run: RunContext, documents: readonly DataDocument[]): number {
  const bare = renderedRequest(run, []).prompt;
  const units = documents.reduce((total, document) => total + document.content.length + document.name.length + 2 * bare.boundary.length + 64, bare.system.length + bare.prompt.length);
  return units * MAX_TOKENS_PER_CODE_UNIT + CHAT_OVERHEAD_TOKENS;
}

/**
 * How a run sends its data: in one request when it fits the window with the answer (or when no
 * window is known), else in chunks. Data that plainly fits is not counted; the rest is counted
 * with the model's tokenizer where one ships, else an approximation.
 */
export function dataPlan$(run: RunContext, documents: readonly DataDocument[], contextWindow = contextWindowOf(run)): Observable<DataPlan> {
  // With chunking 'off' the run sends its data whole, or refuses it before the request (fitWindow$).
  if (run.config.chunking === 'off') return of({ kind: 'fits', promptTokens: 0 });
  const bound = upperBound(run, documents);
  if (contextWindow === undefined || bound + run.config.maxTokens <= contextWindow * (1 - SAFETY_SHARE)) return of({ kind: 'fits', promptTokens: bound });
  const { adapter, model } = run.generator.provider;
  return tokenCounter$(adapter.name, model, 'window').pipe(map((counter) => planData(planInput(run, documents, contextWindow, counter))));
}
