import { EvidenceIndex } from '../../lib/evidence/evidence-index';
import { scanLocate } from './support/scan-oracle';

/** Small pieces that meet every rule of the lookup: case, apostrophes, marks, astral letters, punctuation, lines. */
const PIECES = ['a', 'b', 'ab', 'Ab', 'BA', ' ', '  ', '\n', "'", '’', ',', '.', '-', '“', '”', 'é', 'e\u0301', 'İ', '𝒜', '7', '\u0301'];

function random(seed: number): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
}

function textOf(next: () => number, pieces: number): string {
  return Array.from({ length: pieces }, () => PIECES[Math.floor(next() * PIECES.length)]).join('');
}

/** A quote as models make them: a slice of the data, sometimes re-cased, re-punctuated or trimmed, sometimes invented. */
function quoteFrom(next: () => number, documents: { content: string }[]): string {
  const roll = next();
  if (roll < 0.2) return textOf(next, 1 + Math.floor(next() * 6));
  const { content } = documents[Math.floor(next() * documents.length)];
  const start = Math.floor(next() * content.length);
  const slice = content.slice(start, start + 1 + Math.floor(next() * 12));
  if (roll < 0.5) return slice;
  if (roll < 0.7) return slice.toUpperCase();
  if (roll < 0.85) return `"${slice.replace(/ /g, ', ')}!"`;
  return ` ${slice}\n`;
}

describe('EvidenceIndex agrees with a scan of the whole data', () => {
  it.each(Array.from({ length: 40 }, (_, seed) => seed + 1))('on generated data and quotes (seed %i)', (seed) => {
    const next = random(seed);
    const documents = Array.from({ length: 1 + Math.floor(next() * 4) }, (_, index) => ({
      name: `doc-${index}.md`,
      content: textOf(next, Math.floor(next() * 60)),
    }));
    const index = new EvidenceIndex(documents);
    const quotes = Array.from({ length: 60 }, () => quoteFrom(next, documents));
    const found = quotes.map((quote) => index.locate(quote));
    expect(found).toEqual(quotes.map((quote) => scanLocate(documents, quote)));
    // The generator must reach both outcomes for the comparison to mean anything.
    expect(found.some((evidence) => evidence.verified)).toBe(true);
  });

  it('finds the first of many occurrences that share the rarest word’s bucket, in data order', () => {
    const documents = [
      { name: 'a.md', content: 'slow export. slow exports. Slow Export!' },
      { name: 'b.md', content: 'slow export' },
    ];
    const index = new EvidenceIndex(documents);
    for (const quote of ['slow export', 'SLOW EXPORT', 'exports', 'slow', 'export!', '… .']) {
      expect(index.locate(quote)).toEqual(scanLocate(documents, quote));
    }
  });
});
