/**
 * Characters a terminal acts on instead of showing: C0 controls but tab and line feed (ESC
 * starts every escape sequence, CR overwrites a line), DEL, the C1 controls (U+009B is a
 * one-character CSI to some terminals), and the bidirectional overrides that reorder what a
 * line appears to say.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text for a terminal, stripped of everything in it that a terminal would act on. */
export function terminalText(text: string): string {
  return text.replace(CONTROL, '');
}

/**
 * `value` as indented JSON for a terminal. JSON.stringify escapes C0 controls but leaves DEL,
 * C1 and bidi controls raw; they can only occur inside strings, so escaping them keeps the
 * document valid and its values exact.
 */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(CONTROL, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
