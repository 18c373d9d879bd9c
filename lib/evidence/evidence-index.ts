import type { DataDocument } from '../schemas/config';
import type { Evidence } from '../schemas/evidence';
import { normalizeText } from './normalized-text';

const WORD_CHARACTER = /[\p{L}\p{N}]/u;
/** Joins the documents' normalised texts: never produced by normalising, so no match spans two documents. */
const DOCUMENT_BREAK = '\n';

interface IndexedDocument {
  name: string;
  content: string;
  /** Where the document starts in the joined normalised text. */
  start: number;
  /** Offsets where each line starts, for a 1-based line number by binary search. */
  lineStarts: number[];
}

/** The last index in ascending `values` whose value is at most `target`. */
function lastAtMost(values: ArrayLike<number>, target: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (values[middle] <= target) low = middle;
    else high = middle - 1;
  }
  return low;
}

function lineStartsOf(content: string): number[] {
  const starts = [0];
  for (let offset = content.indexOf('\n'); offset >= 0; offset = content.indexOf('\n', offset + 1)) starts.push(offset + 1);
  return starts;
}

/** A match that starts or ends inside a word ("art" in "start") is not the quote. */
function atWordBoundaries(text: string, start: number, end: number): boolean {
  const before = start > 0 && WORD_CHARACTER.test(text[start - 1]) && WORD_CHARACTER.test(text[start]);
  const after = end < text.length && WORD_CHARACTER.test(text[end]) && WORD_CHARACTER.test(text[end - 1]);
  return !before && !after;
}

function firstWholeMatch(text: string, needle: string): number {
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    if (atWordBoundaries(text, at, at + needle.length)) return at;
  }
  return -1;
}

/**
 * The research data of one run, indexed once so that each quote is one lookup: the documents as
 * they are for exact matches, and one normalised text of them all, with a map back to each
 * character's document offset, for matches that differ in case, whitespace, quotes or punctuation.
 */
export class EvidenceIndex {
  private readonly documents: IndexedDocument[];
  private readonly starts: number[];
  private readonly normalized: string;
  private readonly origins: Int32Array;

  constructor(documents: readonly DataDocument[]) {
    const normalized = documents.map((document) => normalizeText(document.content));
    let start = 0;
    this.documents = documents.map((document, index) => {
      const indexed = { name: document.name, content: document.content, start, lineStarts: lineStartsOf(document.content) };
      start += normalized[index].text.length + DOCUMENT_BREAK.length;
      return indexed;
    });
    this.starts = this.documents.map((document) => document.start);
    this.normalized = normalized.map((text) => text.text).join(DOCUMENT_BREAK);
    // A break's own slot is never read: no match contains a break.
    this.origins = new Int32Array(start);
    normalized.forEach((text, index) => this.origins.set(text.origins, this.starts[index]));
  }

  /** Where `quote` is in the data: exactly as written first, then normalised; the first document in data order wins. */
  locate(quote: string): Evidence {
    const exact = quote.trim();
    if (exact) {
      for (const document of this.documents) {
        const at = firstWholeMatch(document.content, exact);
        if (at >= 0) return found(quote, document, at);
      }
    }
    const normalized = normalizeText(quote).text;
    const at = normalized ? firstWholeMatch(this.normalized, normalized) : -1;
    if (at < 0) return { quote, verified: false };
    return found(quote, this.documents[lastAtMost(this.starts, at)], this.origins[at]);
  }
}

function found(quote: string, document: IndexedDocument, offset: number): Evidence {
  return { quote, source: document.name, line: lastAtMost(document.lineStarts, offset) + 1, verified: true };
}
