import { candidateDocument, chunkCandidates, consolidationOf, mergedCandidates } from '../../lib/chunking/candidates';
import type { Persona } from '../../lib';
import { persona } from '../support/events';

const merged = (name: string, id: string, mergedFrom: unknown, extra: Record<string, unknown> = {}): Persona => ({
  ...persona(name),
  id,
  additional: { mergedFrom, ...extra },
});

const count = (text: string): number => Math.ceil(text.length / 4);

describe('candidates of a chunked run', () => {
  const first = chunkCandidates(1, 'candidates from chunk 1', [persona('Ana'), persona('Ben', 1), { ...persona('Ana again'), id: 'persona-1' }]);
  const second = chunkCandidates(2, 'candidates from chunk 2', [persona('Cy')]);

  it('refers to each candidate by its chunk and an id unique within the chunk', () => {
    expect(first.candidates.map((candidate) => candidate.ref)).toEqual(['1:persona-1', '1:persona-2', '1:persona-1-2']);
    expect(first.candidates[2].origins).toEqual([{ chunk: 1, id: 'persona-1-2' }]);
  });

  it('fences a set as one JSON line per candidate, with its ref and without evidence or the model’s id', () => {
    const document = candidateDocument(second, 1000, count);
    expect(document.name).toBe('candidates from chunk 2');
    expect(document.content.split('\n').map((line) => JSON.parse(line) as unknown)).toEqual([
      { ref: '2:persona-1', name: 'Cy', demographics: {}, goals: [], painPoints: [], behaviours: [], quotes: [], additional: {} },
    ]);
  });

  it('maps the final personas to the candidates they merged, from a list or a text of refs, ignoring refs never offered', () => {
    const personas = [
      merged('Final A', 'persona-1', ['1:persona-1', '2:persona-1', '9:persona-9'], { keep: 'me' }),
      merged('Final B', 'persona-2', '1:persona-2, 1:persona-1-2 1:persona-2'),
      persona('Final C', 2),
    ];
    const { personas: cleaned, consolidation } = consolidationOf(personas, [first, second]);
    expect(consolidation).toEqual([
      { personaId: 'persona-1', candidates: [{ chunk: 1, id: 'persona-1' }, { chunk: 2, id: 'persona-1' }] },
      { personaId: 'persona-2', candidates: [{ chunk: 1, id: 'persona-2' }, { chunk: 1, id: 'persona-1-2' }] },
      { personaId: 'persona-3', candidates: [] },
    ]);
    expect(cleaned.map((entry) => entry.additional)).toEqual([{ keep: 'me' }, {}, {}]);
    expect(cleaned[2]).toBe(personas[2]);
  });

  it('traces personas merged over two levels back to the chunks’ candidates', () => {
    const third = chunkCandidates(3, 'candidates from chunk 3', [persona('Di')]);
    const groupOne = mergedCandidates(1, 'candidates from group 1', [merged('AB', 'persona-1', ['1:persona-1', '2:persona-1'])], [first, second]);
    const groupTwo = mergedCandidates(2, 'candidates from group 2', [merged('D', 'persona-1', ['3:persona-1', 'not-a-ref', 42])], [third]);
    expect(groupOne.candidates[0].persona.additional).toEqual({});
    const { consolidation } = consolidationOf([merged('All', 'persona-1', ['1:persona-1', '2:persona-1'])], [groupOne, groupTwo]);
    expect(consolidation).toEqual([{ personaId: 'persona-1', candidates: [{ chunk: 1, id: 'persona-1' }, { chunk: 2, id: 'persona-1' }, { chunk: 3, id: 'persona-1' }] }]);
  });

  it('holds a set to its planned size: lists lose their last items first, quotes last, then the last candidates go', () => {
    const long = { ...persona('Long'), goals: ['g1 '.repeat(20), 'g2 '.repeat(20)], behaviours: ['b1 '.repeat(20), 'b2 '.repeat(20)], quotes: ['q1', 'q2'] };
    const set = chunkCandidates(1, 'candidates from chunk 1', [long, { ...long, name: 'Other' }]);
    const whole = candidateDocument(set, 10_000, count);
    const lines = (content: string) => content.split('\n').map((line) => JSON.parse(line) as { name: string; goals: string[]; quotes: string[] });
    expect(lines(whole.content).map((line) => [line.goals.length, line.quotes.length])).toEqual([[2, 2], [2, 2]]);
    const trimmed = candidateDocument(set, count(whole.content) - 1, count);
    expect(count(trimmed.content)).toBeLessThan(count(whole.content));
    expect(lines(trimmed.content).map((line) => [line.name, line.goals.length, line.quotes.length])).toEqual([['Long', 1, 1], ['Other', 1, 1]]);
    const one = candidateDocument(set, count(candidateDocument(set, 60, count).content), count);
    expect(lines(one.content).map((line) => [line.name, line.goals.length])).toEqual([['Long', 0]]);
    expect(candidateDocument(set, 1, count)).toEqual({ name: 'candidates from chunk 1', content: '' });
  });
});
