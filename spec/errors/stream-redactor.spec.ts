import { REDACTED, registerSecret } from '../../lib/errors';
import { StreamRedactor } from '../../lib/errors/stream-redactor';

const KEY = 'sk-stream-redactor-0123456789';
beforeAll(() => registerSecret(KEY));

function pieces(text: string, cuts: number[]): string[] {
  const bounds = [0, ...cuts, text.length];
  return bounds.slice(1).map((end, index) => text.slice(bounds[index], end));
}

describe('StreamRedactor', () => {
  const text = `before ${KEY} middle ${KEY}${KEY} after`;

  it('never lets a key through, in any piece or all joined, wherever the pieces split it', () => {
    for (let first = 0; first <= text.length; first += 1) {
      for (const second of [first, first + 3, first + 17]) {
        const redactor = new StreamRedactor();
        const out = pieces(text, [first, Math.min(second, text.length)]).map((piece) => redactor.push(piece));
        out.push(redactor.flush());
        expect(out.some((piece) => piece.includes('sk-stream'))).toBe(false);
        expect(out.join('')).toBe(`before ${REDACTED} middle ${REDACTED}${REDACTED} after`);
      }
    }
  });

  it('holds back only what could still be the start of a key', () => {
    const redactor = new StreamRedactor();
    expect(redactor.push('x'.repeat(100))).toBe('x'.repeat(100));
    expect(redactor.push('then sk-stream')).toBe('then ');
    expect(redactor.push('ing')).toBe('sk-streaming');
    expect(redactor.push(` ${KEY.slice(0, -1)}`)).toBe(' ');
    expect(redactor.flush()).toBe(KEY.slice(0, -1));
  });
});
