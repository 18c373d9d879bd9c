import { ndjsonFrames } from '../../lib/operators/ndjson-frames';
import { sseFrames } from '../../lib/operators/sse-frames';
import { marbles } from '../support/marbles';

describe('sseFrames', () => {
  it('frames events however the chunks split them, with names and CRLF separators', () => {
    marbles().run(({ cold, expectObservable }) => {
      const chunks = cold('a-b-c-d|', {
        a: 'data: {"x"',
        b: ':1}\n\nevent: ping\nda',
        c: 'ta: {}\r\n\r\n: comment\r\n\r\ndata: [DONE]',
        d: '\n\n',
      });
      expectObservable(chunks.pipe(sseFrames())).toBe('--a-b-c|', {
        a: { event: undefined, data: '{"x":1}' },
        b: { event: 'ping', data: '{}' },
        c: { event: undefined, data: '[DONE]' },
      });
    });
  });

  it('passes errors through', () => {
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold('a#', { a: 'data: 1\n\n' }).pipe(sseFrames())).toBe('a#', { a: { event: undefined, data: '1' } });
    });
  });
});

describe('ndjsonFrames', () => {
  it('emits one frame per non-empty line, including a last line without a newline', () => {
    marbles().run(({ cold, expectObservable }) => {
      const chunks = cold('a-b-c|', { a: '{"a":1}\n{"b"', b: ':2}\n\n', c: '{"c":3}' });
      expectObservable(chunks.pipe(ndjsonFrames())).toBe('a-b--(c|)', {
        a: { data: '{"a":1}' },
        b: { data: '{"b":2}' },
        c: { data: '{"c":3}' },
      });
    });
  });

  it('passes errors through', () => {
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold('a#', { a: '1\n' }).pipe(ndjsonFrames())).toBe('a#', { a: { data: '1' } });
    });
  });
});
