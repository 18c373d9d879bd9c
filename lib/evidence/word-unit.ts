/** Letters and digits: what a quote may not start or end inside of. Marks are not among them. */
const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/** Each UTF-16 code unit's answer, learnt on first sight: 1 a word unit, 0 not, -1 not yet asked. */
const known = new Int8Array(0x10000).fill(-1);

/**
 * Whether one UTF-16 code unit is a letter or digit, as `WORD_CHARACTER.test(text[i])` answers
 * it (a lone surrogate never is), at the cost of a table read once each unit has been seen.
 */
export function isWordUnit(code: number): boolean {
  let answer = known[code];
  if (answer < 0) {
    answer = WORD_CHARACTER.test(String.fromCharCode(code)) ? 1 : 0;
    known[code] = answer;
  }
  return answer === 1;
}
