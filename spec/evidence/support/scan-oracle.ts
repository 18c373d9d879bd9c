import type { DataDocument, Evidence } from '../../../lib';
import { normalizeText } from '../../../lib/evidence/normalized-text';

/**
 * The evidence lookup as it was before the index: a scan of the whole data per quote. Slow and
 * plainly right, it is the reference the index must agree with on every input.
 */
const WORD_CHARACTER = /[\p{L}\p{N}]/u;

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

const lineOf = (content: string, offset: number): number => content.slice(0, offset).split('\n').length;

export function scanLocate(documents: readonly DataDocument[], quote: string): Evidence {
  const exact = quote.trim();
  if (exact) {
    for (const document of documents) {
      const at = firstWholeMatch(document.content, exact);
      if (at >= 0) return { quote, source: document.name, line: lineOf(document.content, at), verified: true };
    }
  }
  const needle = normalizeText(quote).text;
  if (needle) {
    for (const document of documents) {
      const normalized = normalizeText(document.content);
      const at = firstWholeMatch(normalized.text, needle);
      if (at >= 0) return { quote, source: document.name, line: lineOf(document.content, normalized.origins[at]), verified: true };
    }
  }
  return { quote, verified: false };
}
