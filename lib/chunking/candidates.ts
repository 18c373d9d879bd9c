import type { DataDocument } from '../schemas/config';
import type { Persona } from '../schemas/persona';
import type { CandidateRef, Consolidation } from '../schemas/result';

/** The field a consolidation answer names, per persona, the candidates that persona merges. */
export const MERGED_FROM = 'mergedFrom';

/** A persona proposed for consolidation: how the consolidation request refers to it, and the chunk candidates it stands for. */
export interface Candidate {
  /** `<set>:<id>`: the set's number in its request, and the persona's id, unique within the set. */
  ref: string;
  persona: Persona;
  origins: CandidateRef[];
}

/** The personas of one chunk, or of one consolidation group, fenced as one document for the next request. */
export interface CandidateSet {
  name: string;
  candidates: Candidate[];
}

/** Ids as the model gave them, made unique within the set, so that every ref names one persona. */
function uniqueIds(personas: readonly Persona[]): string[] {
  const seen = new Set<string>();
  return personas.map((persona) => {
    let id = persona.id;
    for (let suffix = 2; seen.has(id); suffix += 1) id = `${persona.id}-${suffix}`;
    seen.add(id);
    return id;
  });
}

/** The candidates chunk `chunk` (1-based) proposed. */
export function chunkCandidates(chunk: number, name: string, personas: readonly Persona[]): CandidateSet {
  const ids = uniqueIds(personas);
  return {
    name,
    candidates: personas.map((persona, index) => ({ ref: `${chunk}:${ids[index]}`, persona, origins: [{ chunk, id: ids[index] }] })),
  };
}

/** The refs a persona says it merged: a list, or one text of refs separated by commas or spaces. */
function mergedRefs(persona: Persona): string[] {
  const value = persona.additional[MERGED_FROM];
  const texts = Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : typeof value === 'string' ? [value] : [];
  return texts.flatMap((text) => text.split(/[\s,;]+/)).filter(Boolean);
}

/** The persona as users see it: without the bookkeeping field the consolidation request added. */
export function withoutMergedFrom(persona: Persona): Persona {
  if (!(MERGED_FROM in persona.additional)) return persona;
  const { [MERGED_FROM]: _merged, ...additional } = persona.additional;
  return { ...persona, additional };
}

/**
 * What a consolidation answer's personas merged, traced back through earlier levels to the chunks'
 * candidates: refs the request did not offer (invented, or misspelt) are ignored, each origin counted once.
 */
function originsOf(persona: Persona, offered: ReadonlyMap<string, Candidate>): CandidateRef[] {
  const origins = new Map<string, CandidateRef>();
  for (const ref of mergedRefs(persona)) {
    for (const origin of offered.get(ref)?.origins ?? []) origins.set(`${origin.chunk}:${origin.id}`, origin);
  }
  return [...origins.values()];
}

const offeredBy = (sets: readonly CandidateSet[]): Map<string, Candidate> => new Map(sets.flatMap((set) => set.candidates.map((candidate) => [candidate.ref, candidate])));

/** The personas of a consolidation group (`group`, 1-based in its level), as candidates for the next level. */
export function mergedCandidates(group: number, name: string, personas: readonly Persona[], sets: readonly CandidateSet[]): CandidateSet {
  const offered = offeredBy(sets);
  const ids = uniqueIds(personas);
  return {
    name,
    candidates: personas.map((persona, index) => ({ ref: `${group}:${ids[index]}`, persona: withoutMergedFrom(persona), origins: originsOf(persona, offered) })),
  };
}

/** The final personas, cleaned, and which chunk candidates each merged. */
export function consolidationOf(personas: readonly Persona[], sets: readonly CandidateSet[]): { personas: Persona[]; consolidation: Consolidation } {
  const offered = offeredBy(sets);
  return {
    personas: personas.map(withoutMergedFrom),
    consolidation: personas.map((persona) => ({ personaId: persona.id, candidates: originsOf(persona, offered) })),
  };
}

/** The list fields a candidate may lose items of, to hold its set to the planned size; quotes last. */
const TRIMMED_LISTS = ['behaviours', 'goals', 'painPoints', 'quotes'] as const;

function candidateLine(ref: string, persona: Persona, items: number): string {
  const { evidence: _evidence, id: _id, ...fields } = persona;
  const capped = Object.fromEntries(TRIMMED_LISTS.map((list) => [list, fields[list].slice(0, items)]));
  return JSON.stringify({ ref, ...fields, ...capped });
}

/**
 * A set as the document a consolidation request fences: one candidate a line, as JSON, with its
 * ref; its evidence left out (the consolidation quotes the candidates, and quotes are checked
 * against the original data at the end). Held to `maxTokens` (as `count` measures them), the size
 * the plan gave a set: the lists lose their last items first, then the last candidates go, so
 * that an answer longer than asked cannot push a consolidation request over the window.
 */
export function candidateDocument(set: CandidateSet, maxTokens: number, count: (text: string) => number): DataDocument {
  const longest = Math.max(0, ...set.candidates.flatMap(({ persona }) => TRIMMED_LISTS.map((list) => persona[list].length)));
  for (let items = longest; items >= 0; items -= 1) {
    const lines = set.candidates.map(({ ref, persona }) => candidateLine(ref, persona, items));
    for (let kept = lines.length; kept > 0; kept -= 1) {
      const content = lines.slice(0, kept).join('\n');
      if (count(content) <= maxTokens) return { name: set.name, content };
      if (items > 0) break;
    }
  }
  return { name: set.name, content: '' };
}
