import { terminalJson, terminalText } from '../../lib/cli/terminal-text';

const HOSTILE = 'Eve\x1b]0;pwned\x07\x1b[2J\u009b31m\rA\u202eevil\u2066\x7f\x00';

describe('terminal text', () => {
  it('strips escape sequences, CR, DEL, C1 and bidi controls, keeping tabs, line feeds and letters', () => {
    expect(terminalText(HOSTILE)).toBe('Eve]0;pwned[2J31mAevil');
    expect(terminalText('a\tb\nc — ü 😀')).toBe('a\tb\nc — ü 😀');
  });

  it('escapes in JSON what JSON.stringify leaves raw, so the document stays exact', () => {
    const json = terminalJson({ name: HOSTILE });
    expect(json).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(JSON.parse(json)).toEqual({ name: HOSTILE });
  });
});
