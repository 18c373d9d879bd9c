const SPACE = 0x20;
/** Apostrophes join a word rather than split it: "can't", "can’t" and "cant" read alike. */
const APOSTROPHES = new Set(["'", '\u2018', '\u2019', '\u02bc', '`', '\u00b4']);
const WORD_CHARACTER = /[\p{L}\p{N}\p{M}]/u;
/** A character that leaves no trace, as apostrophes do. */
const DROPPED = -1;

/** The ASCII characters' fates, looked up once rather than tested per character. */
const ASCII = (() => {
  const table = new Int32Array(128).fill(SPACE);
  for (let code = 0; code < 128; code += 1) {
    const character = String.fromCharCode(code);
    if (/[a-z0-9]/.test(character)) table[code] = code;
    else if (/[A-Z]/.test(character)) table[code] = code + 32;
    else if (APOSTROPHES.has(character)) table[code] = DROPPED;
  }
  return table;
})();

/**
 * Reads a text as its normalised form, one UTF-16 code unit at a time: lower-case letters,
 * digits and marks, every other run of characters one space, apostrophes dropped, no space
 * leading or trailing. Started at a word character, it reads the normalised text from there on,
 * which lets a quote be compared where the data is, without a normalised copy of the data.
 */
export class NormalizingCursor {
  /** Where the unit last read came from in the original. */
  origin = 0;
  private offset: number;
  private pendingSpace = false;
  private started = false;
  /** A lower case longer than its character (İ becomes i̇), read out unit by unit. */
  private expansion = '';
  private expansionNext = 0;

  constructor(
    private readonly original: string,
    from = 0,
  ) {
    this.offset = from;
  }

  /** The next code unit of the normalised text, or -1 at its end. */
  next(): number {
    if (this.expansionNext < this.expansion.length) return this.expansion.charCodeAt(this.expansionNext++);
    const { original } = this;
    while (this.offset < original.length) {
      const at = this.offset;
      const code = original.charCodeAt(at);
      let lower: string | number;
      if (code < 128) {
        lower = ASCII[code];
        this.offset += 1;
      } else {
        const character = String.fromCodePoint(original.codePointAt(at) as number);
        this.offset += character.length;
        lower = WORD_CHARACTER.test(character) ? character.toLowerCase() : APOSTROPHES.has(character) ? DROPPED : SPACE;
      }
      if (lower === SPACE) {
        this.pendingSpace = true;
      } else if (lower !== DROPPED) {
        // A word break waits for the next word character, so that runs collapse and nothing trails.
        if (this.pendingSpace && this.started) {
          this.pendingSpace = false;
          this.offset = at;
          this.origin = at;
          return SPACE;
        }
        this.pendingSpace = false;
        this.started = true;
        this.origin = at;
        if (typeof lower === 'number') return lower;
        this.expansion = lower;
        this.expansionNext = 1;
        return lower.charCodeAt(0);
      }
    }
    return -1;
  }
}
