import { concat, from, mergeMap, of, type Observable } from 'rxjs';
import type { GenerationEvent } from '../events/generation-event';
import { flatMapSync } from '../operators/flat-map-sync';
import { gather } from '../operators/gather';
import { handoff, thenStage, type Handoff } from '../operators/hand-off';
import { parsePersonas } from '../parsing/parse-personas';
import type { RenderedPrompt } from '../prompts/render-prompt';
import type { DataDocument } from '../schemas/config';
import type { Persona } from '../schemas/persona';
import type { Usage } from '../schemas/result';
import { answer$, type Asking } from '../generation/ask';
import type { Answer } from '../generation/attempt-state';
import { refinePersonas } from '../generation/persona-steps';
import type { RunContext } from '../generation/run-context';
import { completeUsage } from '../generation/usage';
import { candidateDocument, chunkCandidates, mergedCandidates, withoutMergedFrom, type CandidateSet } from './candidates';
import { chunkInstructions, consolidationInstructions } from './chunk-instructions';
import { candidateSetName, groupSetName } from './names';
import type { ChunkedPlan } from './plan-data';

/** The prompt of a request over `documents`, as the run renders it (fenced, with or without the answer's format). */
export type RenderFor = (documents: readonly DataDocument[], structuredOutput: boolean) => RenderedPrompt;

/** The final consolidation's answer, with what the run needs to make its result. */
export interface ChunkedAnswer {
  answer: Answer;
  prompt: RenderedPrompt;
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

/** The run's prompt over `documents`, with what this request adds before its instructions. */
function notedPrompt(renderFor: RenderFor, documents: readonly DataDocument[], note: (structured: boolean) => string): (structured: boolean) => RenderedPrompt {
  return (structured) => {
    const prompt = renderFor(documents, structured);
    return { ...prompt, prompt: `${note(structured)}\n\n${prompt.prompt}` };
  };
}

/**
 * A request whose answer only feeds the next level: its retries are the run's events; its own
 * progress, tokens and personas are not (only the final personas are `persona` events).
 */
function innerRequest$(
  run: RunContext,
  prompt: (structured: boolean) => RenderedPrompt,
  asking: Asking,
  toSet: (personas: Persona[]) => CandidateSet,
  position: number,
): Observable<Item<Proposed>> {
  return answer$(run, prompt, asking).pipe(
    flatMapSync((item): Item<Proposed>[] => {
      if (item.type === 'retry') return [item];
      if (item.type !== 'handoff') return [];
      const answer = item.value;
      const sent = prompt(false);
      const personas = parsePersonas(answer.text).personas.slice(0, run.config.count);
      return [handoff({ position, set: toSet(personas), usage: completeUsage(answer.usage, sent.system + sent.prompt, answer.text) })];
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
export function chunkedAnswer$(run: RunContext, plan: ChunkedPlan, documents: readonly DataDocument[], renderFor: RenderFor): Observable<Item<ChunkedAnswer>> {
  const concurrency = run.generator.options.maxConcurrentRequests;
  const inner: Asking = { stream: false, maxTokens: plan.candidateTokens };
  const chunks = plan.chunks.length;
  const chunkSets$ = from(plan.chunks).pipe(
    mergeMap(
      (chunk, index) =>
        concat(
          of(run.progress('chunk', `Requesting candidate personas for chunk ${index + 1} of ${chunks}`, index + 1)),
          innerRequest$(run, notedPrompt(renderFor, chunk.documents, () => chunkInstructions(index + 1, chunks)), inner, (personas) => chunkCandidates(index + 1, candidateSetName(index + 1), personas), index),
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
            innerRequest$(run, notedPrompt(renderFor, group.map(candidateDocument), consolidationInstructions), inner, (personas) => mergedCandidates(index + 1, groupSetName(index + 1), personas, group), index),
          ),
        concurrency,
      ),
      gather<GenerationEvent, Proposed>((a, b) => a.position - b.position),
      thenStage((merged: Proposed[]) => level$(level + 1, merged.map((entry) => entry.set), addUsage(usage, totalUsage(merged)), done + groups.length)),
    );
  };

  const final$ = (sets: CandidateSet[], usage: Usage, occurrence: number): Observable<Item<ChunkedAnswer>> => {
    const prompt = notedPrompt(renderFor, sets.map(candidateDocument), consolidationInstructions);
    const context = { config: run.config, documents };
    return concat(
      of(run.progress('consolidate', `Merging ${sets.length} candidate set(s) into ${run.config.count} persona(s)`, occurrence)),
      answer$(run, prompt).pipe(
        flatMapSync((item): Item<ChunkedAnswer>[] => {
          if (item.type === 'handoff') return [handoff({ answer: item.value, prompt: prompt(false), sets, usage })];
          if (item.type === 'progress') return [];
          if (item.type === 'persona') return [{ ...item, persona: withoutMergedFrom(refinePersonas([item.persona], context)[0]) }];
          return [item];
        }),
      ),
    );
  };

  return chunkSets$.pipe(thenStage((proposed: Proposed[]) => level$(0, proposed.map((entry) => entry.set), totalUsage(proposed), 0)));
}
