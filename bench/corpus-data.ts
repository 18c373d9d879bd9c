import type { DataDocument } from '../lib';

const SYLLABLES = ['ka', 're', 'po', 'lin', 'tor', 'ex', 'sa', 'mi', 'dash', 'vo', 'ny', 'qu', 'el', 'bra', 'ti', 'ost', 'um', 'che', 'fa', 'gro'];
const COMMON = ['I', 'the', 'and', 'to', 'a', 'it', 'we', 'that', 'is', "don't", 'report', 'export', 'Monday', 'invoice', 'team', 'slow'];
const SPEAKERS = ['Interviewer', 'Participant'];

/** A deterministic pseudo-random sequence, so that every run measures the same corpus. */
export function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
}

/**
 * Interview transcripts as research data looks: speaker turns of a few sentences, a few common
 * words and a long tail of rarer ones (invented from syllables, so the vocabulary grows with the
 * corpus as a real one does), curly quotes and punctuation, about 60 kB a transcript.
 */
export function interviewCorpus(bytes: number, seed = 7): DataDocument[] {
  const next = seeded(seed);
  const rareWord = (): string => {
    const length = 1 + Math.floor(next() * 3);
    return Array.from({ length }, () => SYLLABLES[Math.floor(next() * next() * SYLLABLES.length)]).join('');
  };
  const word = (): string => (next() < 0.45 ? COMMON[Math.floor(next() * next() * COMMON.length)] : rareWord());
  const sentence = (): string => {
    const text = Array.from({ length: 5 + Math.floor(next() * 14) }, word).join(' ');
    return `${text[0].toUpperCase()}${text.slice(1)}${next() < 0.2 ? '?' : '.'}`;
  };
  const documents: DataDocument[] = [];
  for (let size = 0, index = 1; size < bytes; index += 1) {
    const turns: string[] = [`# Interview ${index}`, ''];
    let length = 0;
    for (let turn = 0; length < 60_000 && size + length < bytes; turn += 1) {
      const text = `${SPEAKERS[turn % 2]}: “${Array.from({ length: 1 + Math.floor(next() * 4) }, sentence).join(' ')}”`;
      turns.push(text);
      length += text.length + 1;
    }
    documents.push({ name: `interviews/p${String(index).padStart(3, '0')}.md`, content: turns.join('\n') });
    size += length;
  }
  return documents;
}

/**
 * Quotes as a model returns them from this corpus: two thirds spoken sentences (half re-cased
 * and re-punctuated, as models do), one third invented.
 */
export function quotesFrom(documents: readonly DataDocument[], count: number, seed = 11): string[] {
  const next = seeded(seed);
  return Array.from({ length: count }, (_, index) => {
    if (index % 3 === 2) return `I would never trust an invented sentence number ${index}`;
    const lines = documents[Math.floor(next() * documents.length)].content.split('\n');
    const spoken = lines[2 + Math.floor(next() * (lines.length - 2))].replace(/^\w+: “|”$/g, '');
    const first = spoken.split(/(?<=[.?]) /)[0];
    return index % 2 ? `"${first.toUpperCase().replace(/\.$/, '!')}"` : first;
  });
}
