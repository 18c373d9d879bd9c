import { NormalizingCursor } from './normalizing-cursor';

/** Text reduced to what a quote's wording is compared on, with where each character came from. */
export interface NormalizedText {
  /** Lower-case letters, digits and marks; every other run of characters is one space. */
  text: string;
  /** For each character of `text`, its offset in the original. */
  origins: Int32Array;
}

/**
 * Case, whitespace, straight and curly quotes and punctuation are set aside, so that a quote a
 * model re-punctuated or re-wrapped still matches. One pass, linear in the text's length.
 */
export function normalizeText(original: string): NormalizedText {
  // Lower-casing can lengthen a character (İ becomes i̇), never by more than double.
  const codes = new Uint16Array(original.length * 2);
  const origins = new Int32Array(original.length * 2);
  const cursor = new NormalizingCursor(original);
  let length = 0;
  for (let code = cursor.next(); code >= 0; code = cursor.next()) {
    codes[length] = code;
    origins[length] = cursor.origin;
    length += 1;
  }
  // Copied, so that the doubled buffers are not kept alive by the result.
  return { text: new TextDecoder('utf-16le').decode(codes.subarray(0, length)), origins: origins.slice(0, length) };
}
