import type { DataDocument } from '../schemas/config';
import { partName } from './names';

/** A document, or the part of one, with its tokens counted. */
export interface CountedPiece {
  document: DataDocument;
  tokens: number;
}

export type CountTokens = (text: string) => number;

interface CountedText {
  text: string;
  tokens: number;
}

// A piece is cut a little short of the estimate, so that one more count rarely finds it over.
const CUT_SHORT = 0.9;

/** The end of a cut at most `end`: after the last space past the piece's middle, else not inside a surrogate pair. */
function safeEnd(text: string, start: number, end: number): number {
  if (end >= text.length) return text.length;
  const space = text.lastIndexOf(' ', end - 1);
  if (space > start + (end - start) / 2) return space + 1;
  const code = text.charCodeAt(end - 1);
  return code >= 0xd800 && code <= 0xdbff && end - 1 > start ? end - 1 : end;
}

/**
 * A line longer than `budget` tokens, in pieces of at most `budget`: each cut after a space when
 * there is one in its second half, never inside a character.
 */
function cutLine(line: string, tokens: number, budget: number, count: CountTokens): CountedText[] {
  const pieces: CountedText[] = [];
  let charsPerToken = line.length / tokens;
  for (let start = 0; start < line.length; ) {
    let end = safeEnd(line, start, start + Math.max(1, Math.floor(budget * charsPerToken * CUT_SHORT)));
    let text = line.slice(start, end);
    let counted = count(text);
    while (counted > budget && end - start > 1) {
      charsPerToken = (end - start) / counted;
      end = safeEnd(line, start, start + Math.max(1, Math.floor((end - start) * (budget / counted) * CUT_SHORT)));
      text = line.slice(start, end);
      counted = count(text);
    }
    pieces.push({ text, tokens: counted });
    start = end;
  }
  return pieces;
}

/**
 * `document` in parts of at most `budget` tokens each, cut at line boundaries, and inside a line
 * only when the line alone is over the budget. Parts are named after the document and numbered.
 */
export function cutDocument(document: DataDocument, budget: number, count: CountTokens): CountedPiece[] {
  const lines = document.content.split('\n').flatMap((line, index, all) => {
    const text = index < all.length - 1 ? `${line}\n` : line;
    const tokens = count(text);
    return tokens > budget ? cutLine(text, tokens, budget, count) : [{ text, tokens }];
  });
  const parts: { texts: string[]; tokens: number }[] = [];
  for (const line of lines) {
    const last = parts[parts.length - 1];
    if (last && last.tokens + line.tokens <= budget) {
      last.texts.push(line.text);
      last.tokens += line.tokens;
    } else {
      parts.push({ texts: [line.text], tokens: line.tokens });
    }
  }
  return parts.map((part, index) => ({
    document: { name: partName(document.name, index + 1, parts.length), content: part.texts.join('') },
    tokens: part.tokens,
  }));
}
