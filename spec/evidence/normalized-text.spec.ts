import { normalizeText } from '../../lib/evidence/normalized-text';

const originsAsText = (original: string): string => {
  const { origins } = normalizeText(original);
  return Array.from(origins, (offset) => original[offset]).join('');
};

describe('normalizeText', () => {
  it.each([
    ['Hello,   World!', 'hello world'],
    ['  “Curly” and "straight" quotes  ', 'curly and straight quotes'],
    ['line one\n\tline two\r\nline three', 'line one line two line three'],
    ["It's, it’s and its", 'its its and its'],
    ['Ünïcödé — ÉTÉ', 'ünïcödé été'],
    ['42 % of 7-day users', '42 of 7 day users'],
    ['', ''],
    ['?!… — “”', ''],
  ])('reduces %j to %j', (original, expected) => {
    expect(normalizeText(original).text).toBe(expected);
  });

  it('maps every normalised character back to where it came from', () => {
    const original = ' “Hello,\n  World”';
    expect(normalizeText(original).text).toBe('hello world');
    // The space stands for the break and points at the word that follows it.
    expect(originsAsText(original)).toBe('HelloWWorld');
    expect(Array.from(normalizeText(original).origins)).toEqual([2, 3, 4, 5, 6, 11, 11, 12, 13, 14, 15]);
  });

  it('keeps characters outside the Basic Multilingual Plane whole, and a lengthened lower case mapped to its source', () => {
    const original = 'İzmir 𝒜bc';
    const { text, origins } = normalizeText(original);
    expect(text).toBe('i̇zmir 𝒜bc');
    expect(origins[0]).toBe(0);
    expect(origins[1]).toBe(0);
    expect(origins[text.indexOf('𝒜')]).toBe(original.indexOf('𝒜'));
  });

  it('treats lone surrogates and control characters as word breaks rather than failing', () => {
    expect(normalizeText('a\ud800b\u0000c\u200bd').text).toBe('a b c d');
  });
});
