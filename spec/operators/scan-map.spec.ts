import { scanMap } from '../../lib/operators/scan-map';
import { marbles } from '../support/marbles';

/** Emits a running total only when it crosses the next multiple of ten, as many times as it crossed. */
const crossings = scanMap((total: number, value: number) => {
  const next = total + value;
  const crossed = Math.floor(next / 10) - Math.floor(total / 10);
  return { state: next, emit: Array.from({ length: crossed }, () => next) };
}, 0);

describe('scanMap', () => {
  it('carries its state from value to value and emits what each step decides: none, one or more', () => {
    marbles().run(({ cold, expectObservable }) => {
      const values = { a: 4, b: 7, c: 2, d: 25 };
      expectObservable(cold('a-b-c-d---|', values).pipe(crossings)).toBe('--x---(yy)|', { x: 11, y: 38 });
    });
  });

  it('starts from the seed for every subscription', () => {
    marbles().run(({ cold, expectObservable }) => {
      const source = cold('a|', { a: 12 }).pipe(crossings);
      expectObservable(source).toBe('x|', { x: 12 });
      expectObservable(source).toBe('x|', { x: 12 });
    });
  });

  it('fails with what a step throws, and passes errors and completion through', () => {
    const failing = scanMap((count: number, value: string) => {
      if (value === 'bad') throw new Error('bad value');
      return { state: count + 1, emit: [`${value}${count}`] };
    }, 0);
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold('a-b-c', { a: 'x', b: 'bad', c: 'y' }).pipe(failing)).toBe('a-#', { a: 'x0' }, new Error('bad value'));
      expectObservable(cold('a-#', { a: 'x' }, new Error('upstream')).pipe(failing)).toBe('a-#', { a: 'x0' }, new Error('upstream'));
    });
  });
});
