import { concat, from, mergeMap, of, type Observable } from 'rxjs';
import type { Resent } from '../operators/within-budget';
import { safeTokenCount } from '../cost/token-counter';
import type { GenerationEvent } from '../events/generation-event';
import { flatMapSync } from '../operators/flat-map-sync';
import { gather } from '../operators/gather';
import { handoff, thenStage, type Handoff } from '../operators/hand-off';
import { parsePersonas } from '../parsing/parse-personas';
import type { DataDocument } from '../schemas/config';
import type { Persona } from '../schemas/persona';
import type { Usage } from '../schemas/result';
import type { Answer } from '../generation/attempt-state';
import type { RunItem } from '../generation/attempts';
import { refinePersonas } from '../generation/persona-steps';
import { plainRequest, renderedRequest, type RenderedRequest } from '../generation/rendered-request';
import type { RunContext } from '../generation/run-context';
import { completeUsage } from '../generation/usage';
import { candidateDocument, chunkCandidates, mergedCandidates, withoutMergedFrom, type CandidateSet } from './candidates';
import { chunkInstructions, consolidationInstructions } from './chunk-instructions';
import { candidateSetName, groupSetName } from './names';
import type { ChunkedPlan } from './plan-data';

/** The run's one way to ask: a request's attempts, and `plain` asked instead when the provider refuses its schema mode. */
export type Ask = (request: RenderedRequest, plain: () => RenderedRequest) => Observable<RunItem | Resent>;

/** The final consolidation's answer, with what the run needs to make its result. */
export interface ChunkedAnswer {
  answer: Answer;
  /** The candidate sets the final request merged. */
  sets: CandidateSet[];
  /** What every request before the final one used. */
  usage: Usage;
}

/** What one chunk or intermediate request handed on: its set of candidates, where it goes in its level, its usage. */
interface Proposed {
  position: number;
  set: CandidateSet;
  usage: Usage;
}

type Item<T> = GenerationEvent | Handoff<T>;

export function addUsage(a: Usage, b: Usage): Usage {
  const estimated = a.estimated || b.estimated;
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    totalTokens: a.totalTokens + b.totalTokens,
    ...(estimated ? { estimated } : {}),
  };
}

const totalUsage = (proposed: readonly Proposed[]): Usage =>
  proposed.reduce((total, { usage }) => addUsage(total, usage), { inputTokens: 0, outputTokens: 0, totalTokens: 0 });

/**
 * A request's instructions with `note` before them, its answer held to `maxTokens`, and the
 * planned window asked for (Ollama's `num_ctx`; hosted providers size it themselves).
 */
function noted(request: RenderedRequest, note: string, maxTokens: number, contextWindow: number | undefined): RenderedRequest {
  const prompt = { ...request.prompt, prompt: `${note}\n\n${request.prompt.prompt}` };
  return { prompt, chat: { ...request.chat, prompt: prompt.prompt, maxTokens, ...(contextWindow !== undefined && { contextWindow }) } };
}

/** How a run asks one of its chunk or consolidation requests, in its schema mode and, when refused, without. */
interface Asked {
  request: RenderedRequest;
  plain: () => RenderedRequest;
}

function asked(run: RunContext, plan: ChunkedPlan, documents: readonly DataDocument[], note: (structured: boolean) => string, stream: boolean, maxTokens: number): Asked {
  const request = renderedRequest(run, documents, stream);
  return {
    request: noted(request, note(request.chat.structured !== undefined), maxTokens, plan.contextWindow),
    plain: () => noted(plainRequest(run, documents, stream), note(false), maxTokens, plan.contextWindow),
  };
}

/**
 * A request whose answer only feeds the next level: its retries are the run's events; its own
 * progress, tokens and personas are not (only the final personas are `persona` events).
 */
function innerRequest$(run: RunContext, ask: Ask, { request, plain }: Asked, toSet: (personas: Persona[]) => CandidateSet, position: number): Observable<Item<Proposed>> {
  return ask(request, plain).pipe(
    flatMapSync((item): Item<Proposed>[] => {
      if (item.type === 'retry') return [item];
      if (item.type !== 'handoff') return [];
      const answer = item.value;
      const personas = parsePersonas(answer.text).personas.slice(0, run.config.count);
      return [handoff({ position, set: toSet(personas), usage: completeUsage(answer.usage, answer.prompt.system + answer.prompt.prompt, answer.text) })];
    }),
  );
}

/** `sets` in `groups` groups of near-equal size, in order. */
function groupsOf<T>(sets: readonly T[], groups: number): T[][] {
  const size = Math.ceil(sets.length / groups);
  return Array.from({ length: Math.ceil(sets.length / size) }, (_, group) => sets.slice(group * size, (group + 1) * size));
}

/**
 * A run over data larger than the window: one request per chunk for candidate personas, run
 * concurrently under the generator's limiter, then the consolidation levels, the last of them
 * one request whose answer (streamed, when the run streams) is the run's. Its personas are the
 * only `persona` events, already checked against the whole original data.
 */
export function chunkedAnswer$(run: RunContext, plan: ChunkedPlan, documents: readonly DataDocument[], ask: Ask): Observable<Item<ChunkedAnswer>> {
  const concurrency = run.generator.options.maxConcurrentRequests;
  const inner = (over: readonly DataDocument[], note: (structured: boolean) => string): Asked => asked(run, plan, over, note, false, plan.candidateTokens);
  const chunks = plan.chunks.length;
  // Counted as the approximation that errs high counts, so that any tokenizer finds a set within its planned size.
  const setDocument = (set: CandidateSet): DataDocument => candidateDocument(set, plan.candidateTokens, safeTokenCount);
  const chunkSets$ = from(plan.chunks).pipe(
    mergeMap(
      (chunk, index) =>
        concat(
          of(run.progress('chunk', `Requesting candidate personas for chunk ${index + 1} of ${chunks}`, index + 1)),
          innerRequest$(run, ask, inner(chunk.documents, () => chunkInstructions(index + 1, chunks)), (personas) => chunkCandidates(index + 1, candidateSetName(index + 1), personas), index),
        ),
      concurrency,
    ),
    gather<GenerationEvent, Proposed>((a, b) => a.position - b.position),
  );

  const level$ = (level: number, sets: CandidateSet[], usage: Usage, done: number): Observable<Item<ChunkedAnswer>> => {
    if (level === plan.levels.length - 1) return final$(sets, usage, done + 1);
    const groups = groupsOf(sets, plan.levels[level]);
    return from(groups).pipe(
      mergeMap(
        (group, index) =>
          concat(
            of(run.progress('consolidate', `Merging candidate sets, level ${level + 1}: group ${index + 1} of ${groups.length}`, done + index + 1)),
            innerRequest$(run, ask, inner(group.map(setDocument), consolidationInstructions), (personas) => mergedCandidates(index + 1, groupSetName(index + 1), personas, group), index),
          ),
        concurrency,
      ),
      gather<GenerationEvent, Proposed>((a, b) => a.position - b.position),
      thenStage((merged: Proposed[]) => level$(level + 1, merged.map((entry) => entry.set), addUsage(usage, totalUsage(merged)), done + groups.length)),
    );
  };

  const final$ = (sets: CandidateSet[], usage: Usage, occurrence: number): Observable<Item<ChunkedAnswer>> => {
    const { request, plain } = asked(run, plan, sets.map(setDocument), consolidationInstructions, run.generator.options.stream, run.config.maxTokens);
    const context = { config: run.config, documents };
    return concat(
      of(run.progress('consolidate', `Merging ${sets.length} candidate set(s) into ${run.config.count} persona(s)`, occurrence)),
      ask(request, plain).pipe(
        flatMapSync((item): Item<ChunkedAnswer>[] => {
          if (item.type === 'handoff') return [handoff({ answer: item.value, sets, usage })];
          // The request's own stages are not the run's: its progress is the consolidation's.
          if (item.type === 'progress' || item.type === 'resent') return [];
          if (item.type === 'persona') return [{ ...item, persona: withoutMergedFrom(refinePersonas([item.persona], context)[0]) }];
          return [item];
        }),
      ),
    );
  };

  return chunkSets$.pipe(thenStage((proposed: Proposed[]) => level$(0, proposed.map((entry) => entry.set), totalUsage(proposed), 0)));
}
