import { performance } from 'node:perf_hooks';
import { EvidenceIndex } from '../lib/evidence/evidence-index';
import type { DataDocument } from '../lib';

const DATA_BYTES = 1_000_000;
const DOCUMENTS = 20;
const QUOTES = 60;
const ROUNDS = 15;

const WORDS = ['report', 'export', 'Monday', 'dashboard', 'slow', 'invoice', 'team', 'never', 'trust', 'quotes', 'finding', 'copy', 'table', 'hours'];

/** Deterministic interview-like lines, so that every run measures the same data. */
function researchData(): DataDocument[] {
  let seed = 7;
  const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
  const perDocument = DATA_BYTES / DOCUMENTS;
  return Array.from({ length: DOCUMENTS }, (_, index) => {
    const lines: string[] = [];
    let size = 0;
    while (size < perDocument) {
      const words = Array.from({ length: 8 + (next() % 10) }, () => WORDS[next() % WORDS.length]);
      const line = `P${next() % 40}: “${words.join(' ')}, she said.”`;
      lines.push(line);
      size += line.length + 1;
    }
    return { name: `interviews/${index + 1}.md`, content: lines.join('\n') };
  });
}

/** Two thirds taken from the data (half of them re-cased and re-punctuated, as models do), one third invented. */
function quotesFrom(documents: DataDocument[]): string[] {
  return Array.from({ length: QUOTES }, (_, index) => {
    if (index % 3 === 2) return `I would never trust an invented sentence number ${index}`;
    const lines = documents[(index * 7) % documents.length].content.split('\n');
    const spoken = lines[(index * 131) % lines.length].replace(/^P\d+: “|, she said\.”$/g, '');
    return index % 2 ? `"${spoken.toUpperCase()}!"` : spoken;
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(work: () => unknown): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

/** Evidence for 1 MB of research data and 60 quotes: the index built once, then one lookup per quote. */
export function runEvidenceBench(): void {
  const documents = researchData();
  const quotes = quotesFrom(documents);
  const all = documents.map((document) => document.content).join('\n');
  const verified: number[] = [];
  const evidence: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    evidence.push(
      time(() => {
        const index = new EvidenceIndex(documents);
        verified[0] = quotes.filter((quote) => index.locate(quote).verified).length;
      }),
    );
    // The least any check can do: read the data once in lower case and search it for each quote as written.
    baseline.push(
      time(() => {
        const lower = all.toLowerCase();
        return quotes.map((quote) => lower.indexOf(quote.toLowerCase()));
      }),
    );
  }
  const ms = median(evidence);
  const base = median(baseline);
  console.log(
    `evidence: ${(all.length / 1e6).toFixed(2)} MB in ${DOCUMENTS} documents, ${QUOTES} quotes (${verified[0]} verified): ` +
      `${ms.toFixed(1)} ms (median of ${ROUNDS}); lower-case indexOf baseline ${base.toFixed(1)} ms; ratio ${(ms / base).toFixed(2)}`,
  );
}
