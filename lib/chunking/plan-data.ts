import type { DataDocument } from '../schemas/config';
import { cutDocument, type CountedPiece, type CountTokens } from './cut-document';
import { candidateSetName, partName } from './names';

/** Below this many tokens of content per request, chunking would cut the data into crumbs. */
const MIN_PART_TOKENS = 64;

/** What planning a run's requests needs to know: the data, the window, and how to count. */
export interface PlanInput {
  documents: readonly DataDocument[];
  /** Tokens of prompt plus output one request may hold; undefined when no one knows it. */
  contextWindow: number | undefined;
  count: CountTokens;
  /** Output tokens of the final answer: the config's `maxTokens`. */
  maxTokens: number;
  /** Output tokens of one chunk's (or an intermediate consolidation's) answer: its candidates. */
  candidateTokens: number;
  /** Tokens of a request besides its fenced documents: system prompt, fence notice, instructions. */
  overheadTokens: number;
  /** Tokens a fenced document adds besides its content and name: its markers. */
  markerTokens: number;
  /** Tokens of the window kept free for what counting cannot see exactly. */
  safetyMargin: number;
}

export interface Chunk {
  /** The documents of this chunk, whole or (when one alone is over a chunk) in parts. */
  documents: DataDocument[];
  /** The tokens of the chunk's fenced documents. */
  tokens: number;
}

/** One request over all the data. */
export interface FitsPlan {
  kind: 'fits';
  promptTokens: number;
  contextWindow?: number;
}

/** One request per chunk, then consolidation levels: `levels[i]` requests at level i, the last level one request. */
export interface ChunkedPlan {
  kind: 'chunks';
  promptTokens: number;
  contextWindow?: number;
  chunks: Chunk[];
  levels: number[];
  /** Output tokens each chunk and intermediate consolidation request may use. */
  candidateTokens: number;
}

/** No plan keeps every request inside the window: `reason` says which request could not. */
export interface NoFitPlan {
  kind: 'no-fit';
  promptTokens: number;
  contextWindow?: number;
  reason: 'chunk' | 'consolidation';
}

export type DataPlan = FitsPlan | ChunkedPlan | NoFitPlan;

/** The most a part's name adds to its document's: the suffix with the widest numbers a plan can have. */
const WIDEST_PART = partName('', 99_999, 99_999);

/** A document's tokens in the prompt: its content, its name and its markers. */
function fencedTokens(piece: CountedPiece, input: PlanInput): number {
  return piece.tokens + input.count(piece.document.name) + input.markerTokens;
}

/** Documents packed in data order into chunks of at most `budget` tokens; a document over the budget alone is cut. */
function chunksOf(pieces: readonly CountedPiece[], budget: number, input: PlanInput): Chunk[] {
  const chunks: Chunk[] = [];
  const parts = pieces.flatMap((piece) =>
    fencedTokens(piece, input) <= budget ? [piece] : cutDocument(piece.document, budget - fencedTokens({ ...piece, tokens: input.count(WIDEST_PART) }, input), input.count),
  );
  for (const part of parts) {
    const last = chunks[chunks.length - 1];
    const tokens = fencedTokens(part, input);
    if (last && last.tokens + tokens <= budget) {
      last.documents.push(part.document);
      last.tokens += tokens;
    } else {
      chunks.push({ documents: [part.document], tokens });
    }
  }
  return chunks;
}

/**
 * How many consolidation requests each level makes to bring `chunks` candidate sets down to one
 * answer: the final request holds as many sets as fit beside the final answer, the levels
 * before it as many as fit beside one more set. Undefined when a level could not shrink.
 */
function levelsFor(chunks: number, input: PlanInput, usable: number): number[] | undefined {
  const setTokens = input.candidateTokens + input.count(candidateSetName(99_999)) + input.markerTokens;
  const finalSets = Math.floor((usable - input.maxTokens - input.overheadTokens) / setTokens);
  const middleSets = Math.floor((usable - input.candidateTokens - input.overheadTokens) / setTokens);
  if (finalSets < 1) return undefined;
  const levels: number[] = [];
  for (let remaining = chunks; remaining > finalSets; ) {
    if (middleSets < 2) return undefined;
    remaining = Math.ceil(remaining / middleSets);
    levels.push(remaining);
  }
  return [...levels, 1];
}

/**
 * The requests a run makes, decided before the first: one when the prompt and the answer fit the
 * window (or no window is known), else one per chunk of documents, cut at document boundaries
 * and inside a document at line boundaries, followed by the consolidation levels.
 */
export function planData(input: PlanInput): DataPlan {
  const pieces = input.documents.map((document) => ({ document, tokens: input.count(document.content) }));
  const promptTokens = pieces.reduce((total, piece) => total + fencedTokens(piece, input), input.overheadTokens);
  const { contextWindow } = input;
  if (contextWindow === undefined) return { kind: 'fits', promptTokens };
  const usable = contextWindow - input.safetyMargin;
  if (promptTokens + input.maxTokens <= usable) return { kind: 'fits', promptTokens, contextWindow };
  const budget = usable - input.candidateTokens - input.overheadTokens;
  const room = Math.min(...pieces.map((piece) => budget - fencedTokens({ ...piece, tokens: input.count(WIDEST_PART) }, input)));
  if (room < MIN_PART_TOKENS) return { kind: 'no-fit', promptTokens, contextWindow, reason: 'chunk' };
  const chunks = chunksOf(pieces, budget, input);
  const levels = levelsFor(chunks.length, input, usable);
  if (!levels) return { kind: 'no-fit', promptTokens, contextWindow, reason: 'consolidation' };
  return { kind: 'chunks', promptTokens, contextWindow, chunks, levels, candidateTokens: input.candidateTokens };
}
