import type { DataDocument } from '../schemas/config';
import type { Evidence } from '../schemas/evidence';
import { normalizeText } from './normalized-text';
import { NormalizingCursor } from './normalizing-cursor';
import { FNV_OFFSET, hashUnit, IntList, TokenPostings, tokensOf, type Token } from './token-postings';
import { isWordUnit } from './word-unit';

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

function isWordAt(text: string, offset: number): boolean {
  return isWordUnit(text.charCodeAt(offset));
}

/** A match that starts or ends inside a word ("art" in "start") is not the quote. */
function atWordBoundaries(text: string, start: number, end: number): boolean {
  const before = start > 0 && isWordAt(text, start - 1) && isWordAt(text, start);
  const after = end < text.length && isWordAt(text, end) && isWordAt(text, end - 1);
  return !before && !after;
}

/** The plain scan, for a quote without a letter or digit to look up by: linear in the text. */
function firstWholeMatch(text: string, needle: string): number {
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    if (atWordBoundaries(text, at, at + needle.length)) return at;
  }
  return -1;
}

/** The quote's word with the fewest places to try. */
function rarest(tokens: readonly Token[], postings: TokenPostings): { token: number; candidates: Int32Array } {
  let best = { token: 0, candidates: postings.candidates(tokens[0].hash) };
  tokens.forEach((token, index) => {
    const candidates = postings.candidates(token.hash);
    if (candidates.length < best.candidates.length) best = { token: index, candidates };
  });
  return best;
}

/** A match: the document's position in data order and the offset in its content where the quote starts. */
interface Match {
  document: number;
  offset: number;
}

/**
 * Every word of the documents as written, by hash, with its offset in the documents laid end to
 * end. A whole-word match of a quote puts each of the quote's words on a whole word of the data,
 * so the quote's rarest word gives the few places where the quote can start.
 */
class ExactWords {
  private readonly postings: TokenPostings;
  /** Where each document starts when the documents are laid end to end. */
  private readonly starts: Int32Array;

  constructor(private readonly documents: readonly DataDocument[]) {
    const starts = new IntList(documents.length);
    const size = documents.reduce((total, document) => total + document.content.length, 0);
    const hashes = new IntList(size / 2 + documents.length);
    const offsets = new IntList(size / 2 + documents.length);
    let base = 0;
    for (const { content } of documents) {
      starts.push(base);
      let hash = FNV_OFFSET;
      let inWord = false;
      for (let offset = 0; offset <= content.length; offset += 1) {
        const code = offset < content.length ? content.charCodeAt(offset) : -1;
        if (code >= 0 && isWordUnit(code)) {
          if (!inWord) {
            offsets.push(base + offset);
            hash = FNV_OFFSET;
            inWord = true;
          }
          hash = hashUnit(hash, code);
        } else if (inWord) {
          hashes.push(hash);
          inWord = false;
        }
      }
      base += content.length;
    }
    this.starts = starts.toArray();
    this.postings = new TokenPostings(hashes.toArray(), offsets.toArray());
  }

  /** The first whole-word occurrence of `needle`, exactly as written, in data order. */
  locate(needle: string): Match | undefined {
    const tokens = tokensOf(needle);
    if (tokens.length === 0) return this.scan(needle);
    const { token, candidates } = rarest(tokens, this.postings);
    for (const candidate of candidates) {
      const document = lastAtMost(this.starts, candidate);
      const offset = candidate - this.starts[document] - tokens[token].offset;
      const { content } = this.documents[document];
      if (offset >= 0 && content.startsWith(needle, offset) && atWordBoundaries(content, offset, offset + needle.length)) return { document, offset };
    }
    return undefined;
  }

  private scan(needle: string): Match | undefined {
    for (let document = 0; document < this.documents.length; document += 1) {
      const offset = firstWholeMatch(this.documents[document].content, needle);
      if (offset >= 0) return { document, offset };
    }
    return undefined;
  }
}

/**
 * Every word of the documents' normalised text, by hash, numbered in data order, with where each
 * starts in its document. No normalised copy of the data is kept: a candidate is checked by
 * reading the document normalised from that word on.
 */
class NormalizedWords {
  private readonly postings: TokenPostings;
  /** For each word, its offset in its document's content. */
  private readonly origins: Int32Array;
  /** For each document, the number of its first word. */
  private readonly firstWords: Int32Array;

  constructor(private readonly documents: readonly DataDocument[]) {
    const firstWords = new IntList(documents.length);
    const size = documents.reduce((total, document) => total + document.content.length, 0);
    // Lower-casing can lengthen a character, so a word can be as short as half a character.
    const hashes = new IntList(size + documents.length);
    const origins = new IntList(size + documents.length);
    for (const { content } of documents) {
      firstWords.push(origins.length);
      const cursor = new NormalizingCursor(content);
      let hash = FNV_OFFSET;
      let inWord = false;
      for (let code = cursor.next(); ; code = cursor.next()) {
        if (code >= 0 && isWordUnit(code)) {
          if (!inWord) {
            origins.push(cursor.origin);
            hash = FNV_OFFSET;
            inWord = true;
          }
          hash = hashUnit(hash, code);
        } else if (inWord) {
          hashes.push(hash);
          inWord = false;
        }
        if (code < 0) break;
      }
    }
    this.firstWords = firstWords.toArray();
    this.origins = origins.toArray();
    this.postings = new TokenPostings(hashes.toArray());
  }

  /** The first whole-word occurrence of an already normalised `needle` in the normalised data, in data order. */
  locate(needle: string): Match | undefined {
    const tokens = tokensOf(needle);
    // A needle that opens with a mark does not start on a word: the plain scan finds it.
    if (tokens.length === 0 || tokens[0].offset > 0) return this.scan(needle);
    const { token, candidates } = rarest(tokens, this.postings);
    for (const candidate of candidates) {
      const word = candidate - token;
      if (word < 0) continue;
      const document = lastAtMost(this.firstWords, word);
      if (this.matchesAt(this.documents[document].content, this.origins[word], needle)) return { document, offset: this.origins[word] };
    }
    return undefined;
  }

  private matchesAt(content: string, offset: number, needle: string): boolean {
    const cursor = new NormalizingCursor(content, offset);
    for (let index = 0; index < needle.length; index += 1) {
      if (cursor.next() !== needle.charCodeAt(index)) return false;
    }
    // The word that ends the needle must end in the data too ("art" is not in "arts").
    const following = cursor.next();
    return !(following >= 0 && isWordUnit(following) && isWordUnit(needle.charCodeAt(needle.length - 1)));
  }

  private scan(needle: string): Match | undefined {
    for (let document = 0; document < this.documents.length; document += 1) {
      const normalized = normalizeText(this.documents[document].content);
      const at = firstWholeMatch(normalized.text, needle);
      if (at >= 0) return { document, offset: normalized.origins[at] };
    }
    return undefined;
  }
}

/**
 * The research data of one run, indexed once so that each quote costs a lookup of its rarest
 * word and a check of the few places that word occurs, not a scan of the data: the documents as
 * they are for exact matches, and their normalised words for matches that differ in case,
 * whitespace, quotes or punctuation. Building it reads the data twice, in linear time.
 */
export class EvidenceIndex {
  private readonly exact: ExactWords;
  private readonly normalized: NormalizedWords;
  /** Each document's line starts, counted the first time a quote is found in it. */
  private readonly lineStarts: (number[] | undefined)[];

  constructor(private readonly documents: readonly DataDocument[]) {
    this.exact = new ExactWords(documents);
    this.normalized = new NormalizedWords(documents);
    this.lineStarts = documents.map(() => undefined);
  }

  /** Where `quote` is in the data: exactly as written first, then normalised; the first document in data order wins. */
  locate(quote: string): Evidence {
    const exact = quote.trim();
    const normalized = normalizeText(quote).text;
    const match = (exact ? this.exact.locate(exact) : undefined) ?? (normalized ? this.normalized.locate(normalized) : undefined);
    if (!match) return { quote, verified: false };
    const document = this.documents[match.document];
    const lineStarts = (this.lineStarts[match.document] ??= lineStartsOf(document.content));
    return { quote, source: document.name, line: lastAtMost(lineStarts, match.offset) + 1, verified: true };
  }
}
