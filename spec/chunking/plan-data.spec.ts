import { planData, type ChunkedPlan, type PlanInput } from '../../lib/chunking/plan-data';
import type { DataDocument } from '../../lib';

/** One token per word or punctuation run: easy to reason about, and exact for these specs. */
const count = (text: string): number => (text.match(/[^\s]+/g) ?? []).length;

const words = (n: number, word = 'w'): string => Array.from({ length: n }, (_, index) => `${word}${index}`).join(' ');

function input(documents: DataDocument[], overrides: Partial<PlanInput> = {}): PlanInput {
  return { documents, contextWindow: 1000, count, maxTokens: 200, candidateTokens: 100, overheadTokens: 50, markerTokens: 4, safetyMargin: 10, ...overrides };
}

const fenced = (document: DataDocument): number => count(document.content) + count(document.name) + 4;

function chunked(plan: ReturnType<typeof planData>): ChunkedPlan {
  if (plan.kind !== 'chunks') throw new Error(`expected chunks, got ${plan.kind}`);
  return plan;
}

describe('planData', () => {
  it('plans one request when no window is known, however large the data', () => {
    const documents = [{ name: 'a.md', content: words(50_000) }];
    expect(planData(input(documents, { contextWindow: undefined }))).toEqual({ kind: 'fits', promptTokens: 50 + 50_000 + 1 + 4 });
  });

  it('plans one request up to the last token that fits beside the answer and the margin, chunks one token later', () => {
    // 1000 - 10 margin - 200 answer = 790 for the prompt: 50 overhead + 5 for name and markers + 735 words.
    const fits = [{ name: 'a.md', content: words(735) }];
    expect(planData(input(fits))).toEqual({ kind: 'fits', promptTokens: 790, contextWindow: 1000 });
    const over = [{ name: 'a.md', content: words(736) }];
    expect(planData(input(over))).toMatchObject({ kind: 'chunks', promptTokens: 791 });
  });

  it('cuts at document boundaries: every document whole, in data order, each chunk within its budget', () => {
    const documents = Array.from({ length: 12 }, (_, index) => ({ name: `interview-${index + 1}.md`, content: words(150 + index * 10, `d${index}-`) }));
    const plan = chunked(planData(input(documents)));
    // A chunk holds 1000 - 10 - 100 candidates - 50 overhead = 840 tokens of fenced documents.
    for (const chunk of plan.chunks) {
      expect(chunk.tokens).toBeLessThanOrEqual(840);
      expect(chunk.tokens).toBe(chunk.documents.reduce((total, document) => total + fenced(document), 0));
    }
    expect(plan.chunks.flatMap((chunk) => chunk.documents)).toEqual(documents);
    // Greedy packing: no chunk could have taken the next chunk's first document.
    plan.chunks.slice(1).forEach((chunk, index) => expect(plan.chunks[index].tokens + fenced(chunk.documents[0])).toBeGreaterThan(840));
    expect(plan.chunks).toHaveLength(4);
  });

  it('cuts a document larger than a chunk at line boundaries, into named parts that put it back together', () => {
    const lines = Array.from({ length: 40 }, (_, index) => words(60, `l${index}-`));
    const big = { name: 'all-interviews.md', content: lines.join('\n') };
    const plan = chunked(planData(input([{ name: 'intro.md', content: 'hello there' }, big])));
    const parts = plan.chunks.flatMap((chunk) => chunk.documents).slice(1);
    expect(parts.map((part) => part.name)).toEqual(parts.map((_, index) => `all-interviews.md (part ${index + 1} of ${parts.length})`));
    expect(parts.map((part) => part.content).join('')).toBe(big.content);
    for (const part of parts.slice(0, -1)) expect(part.content.endsWith('\n')).toBe(true);
    for (const chunk of plan.chunks) expect(chunk.tokens).toBeLessThanOrEqual(840);
    expect(plan.chunks[0].documents[0]).toEqual({ name: 'intro.md', content: 'hello there' });
  });

  it('cuts a single line larger than a chunk after spaces, never inside a character', () => {
    const line = Array.from({ length: 3000 }, (_, index) => (index % 7 === 0 ? '😀' : `w${index}`)).join(' ');
    const plan = chunked(planData(input([{ name: 'one-line.txt', content: line }])));
    const parts = plan.chunks.flatMap((chunk) => chunk.documents);
    expect(parts.length).toBeGreaterThan(3);
    expect(parts.map((part) => part.content).join('')).toBe(line);
    for (const part of parts.slice(0, -1)) expect(part.content.endsWith(' ')).toBe(true);
    for (const chunk of plan.chunks) expect(chunk.tokens).toBeLessThanOrEqual(840);
  });

  it('cuts a line without spaces at character boundaries only', () => {
    // A counter that sees every code point as a token: a line of emoji with no space.
    const perCharacter = (text: string): number => Array.from(text).length;
    const line = '😀'.repeat(2000);
    const plan = chunked(planData(input([{ name: 'x', content: line }], { count: perCharacter })));
    const parts = plan.chunks.flatMap((chunk) => chunk.documents);
    expect(parts.map((part) => part.content).join('')).toBe(line);
    for (const part of parts) expect(part.content).toMatch(/^(😀)+$/u);
    for (const chunk of plan.chunks) expect(chunk.tokens).toBeLessThanOrEqual(840);
  });

  it('consolidates in one request when the candidate sets fit beside the final answer', () => {
    // The final request holds (990 - 200 - 50) / (100 + 4 + 4) = 6 candidate sets.
    const documents = Array.from({ length: 6 }, (_, index) => ({ name: `${index}`, content: words(700) }));
    expect(chunked(planData(input(documents))).levels).toEqual([1]);
  });

  it('adds consolidation levels while the candidate sets do not fit one request', () => {
    // Middle levels hold (990 - 100 - 50) / 108 = 7 sets each: 30 chunks → 5 → final.
    const documents = Array.from({ length: 30 }, (_, index) => ({ name: `${index}`, content: words(700) }));
    const plan = chunked(planData(input(documents)));
    expect(plan.chunks).toHaveLength(30);
    expect(plan.levels).toEqual([5, 1]);
    const many = Array.from({ length: 60 }, (_, index) => ({ name: `${index}`, content: words(700) }));
    expect(chunked(planData(input(many))).levels).toEqual([9, 2, 1]);
  });

  it('finds no plan when not even a small chunk fits beside the candidates', () => {
    expect(planData(input([{ name: 'a', content: words(2000) }], { contextWindow: 220 }))).toEqual({ kind: 'no-fit', promptTokens: 2055, contextWindow: 220, reason: 'chunk' });
  });

  it('finds no plan when the consolidation cannot fit a single candidate set beside the final answer', () => {
    const documents = [{ name: 'a', content: words(2000) }];
    expect(planData(input(documents, { maxTokens: 850 }))).toMatchObject({ kind: 'no-fit', reason: 'consolidation' });
    // Or when the middle levels cannot merge two sets into one.
    const many = Array.from({ length: 20 }, (_, index) => ({ name: `${index}`, content: words(700) }));
    expect(planData(input(many, { candidateTokens: 450, maxTokens: 100 }))).toMatchObject({ kind: 'no-fit', reason: 'consolidation' });
  });

  it('takes hostile documents: empty, only line breaks, a name as long as the content', () => {
    const documents = [
      { name: 'empty', content: '' },
      { name: 'breaks', content: '\n'.repeat(5000) },
      { name: words(30), content: words(900) },
    ];
    const plan = chunked(planData(input(documents)));
    expect(plan.chunks.flatMap((chunk) => chunk.documents).map((document) => document.content).join('')).toBe(documents.map((document) => document.content).join(''));
    for (const chunk of plan.chunks) expect(chunk.tokens).toBeLessThanOrEqual(840);
  });
});
