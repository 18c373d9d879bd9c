/** Text reduced to what a quote's wording is compared on, with where each character came from. */
export interface NormalizedText {
  /** Lower-case letters, digits and marks; every other run of characters is one space. */
  text: string;
  /** For each character of `text`, its offset in the original. */
  origins: Int32Array;
}

const SPACE = 0x20;
/** Apostrophes join a word rather than split it: "can't", "can’t" and "cant" read alike. */
const APOSTROPHES = new Set(["'", '\u2018', '\u2019', '\u02bc', '`', '\u00b4']);
const WORD_CHARACTER = /[\p{L}\p{N}\p{M}]/u;

/** The ASCII characters' fates, looked up once rather than tested per character. */
const ASCII = (() => {
  const table = new Int32Array(128).fill(SPACE);
  for (let code = 0; code < 128; code += 1) {
    const character = String.fromCharCode(code);
    if (/[a-z0-9]/.test(character)) table[code] = code;
    else if (/[A-Z]/.test(character)) table[code] = code + 32;
    else if (APOSTROPHES.has(character)) table[code] = -1;
  }
  return table;
})();

/**
 * Case, whitespace, straight and curly quotes and punctuation are set aside, so that a quote a
 * model re-punctuated or re-wrapped still matches. One pass, linear in the text's length.
 */
export function normalizeText(original: string): NormalizedText {
  // Lower-casing can lengthen a character (İ becomes i̇), never by more than double.
  const codes = new Uint16Array(original.length * 2);
  const origins = new Int32Array(original.length * 2);
  let length = 0;
  // A word break waits for the next word character, so that runs collapse and nothing trails.
  let pendingSpace = false;
  for (let offset = 0; offset < original.length; ) {
    const code = original.charCodeAt(offset);
    let lower: string | number;
    let width = 1;
    if (code < 128) {
      lower = ASCII[code];
    } else {
      const character = String.fromCodePoint(original.codePointAt(offset) as number);
      width = character.length;
      lower = WORD_CHARACTER.test(character) ? character.toLowerCase() : APOSTROPHES.has(character) ? -1 : SPACE;
    }
    if (lower === SPACE) {
      pendingSpace = true;
    } else if (lower !== -1) {
      if (pendingSpace && length > 0) {
        codes[length] = SPACE;
        origins[length] = offset;
        length += 1;
      }
      pendingSpace = false;
      if (typeof lower === 'number') {
        codes[length] = lower;
        origins[length] = offset;
        length += 1;
      } else {
        for (let index = 0; index < lower.length; index += 1) {
          codes[length] = lower.charCodeAt(index);
          origins[length] = offset;
          length += 1;
        }
      }
    }
    offset += width;
  }
  return { text: new TextDecoder('utf-16le').decode(codes.subarray(0, length)), origins: origins.subarray(0, length) };
}
