import { of, throwError } from 'rxjs';
import { handoff, thenStage } from '../../lib/operators/hand-off';
import { flatMapSync } from '../../lib/operators/flat-map-sync';
import { marbles } from '../support/marbles';

type Item = { type: 'event'; name: string } | ReturnType<typeof handoff<number>>;

describe('thenStage', () => {
  const event = (name: string) => ({ type: 'event' as const, name });

  it('passes the stage events through and runs the next stage on the handoff, in its place', () => {
    marbles().run(({ cold, expectObservable, expectSubscriptions }) => {
      const next = cold('-x-y|', { x: event('x'), y: event('y') });
      const stage = cold<Item>('a-h|', { a: event('a'), h: handoff(2) });
      const seen: number[] = [];
      const piped = stage.pipe(
        thenStage((value: number) => {
          seen.push(value);
          return next;
        }),
      );
      expectObservable(piped).toBe('a--x-y|', { a: event('a'), x: event('x'), y: event('y') });
      expectSubscriptions(next.subscriptions).toBe('--^---!');
      expect(seen).toEqual([]);
    });
  });

  it('completes without running the next stage when nothing is handed off', () => {
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold<Item>('a|', { a: event('a') }).pipe(thenStage(() => of(event('never'))))).toBe('a|', { a: event('a') });
    });
  });

  it('fails with the error of either stage, and with what the next stage throws when it starts', () => {
    const broken = new Error('broken');
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold<Item>('a#', { a: event('a') }, broken).pipe(thenStage(() => of(event('x'))))).toBe('a#', { a: event('a') }, broken);
      expectObservable(cold<Item>('h|', { h: handoff(1) }).pipe(thenStage(() => throwError(() => broken)))).toBe('#', undefined, broken);
      expectObservable(
        cold<Item>('h|', { h: handoff(1) }).pipe(
          thenStage(() => {
            throw broken;
          }),
        ),
      ).toBe('#', undefined, broken);
    });
  });
});

describe('flatMapSync', () => {
  it('emits each projected array in order, then what `last` adds on completion', () => {
    marbles().run(({ cold, expectObservable }) => {
      const doubled = cold('a----b----|', { a: 1, b: 2 }).pipe(
        flatMapSync(
          (value: number) => [value, value * 10],
          () => [99],
        ),
      );
      expectObservable(doubled).toBe('(ab)-(cd)-(e|)', { a: 1, b: 10, c: 2, d: 20, e: 99 });
    });
  });

  it('fails with what the projection or `last` throws', () => {
    const broken = new Error('broken');
    const fail = (): number[] => {
      throw broken;
    };
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold('a|', { a: 1 }).pipe(flatMapSync(fail))).toBe('#', undefined, broken);
      expectObservable(cold('a|', { a: 1 }).pipe(flatMapSync((value: number) => [value], fail))).toBe('a#', { a: 1 }, broken);
    });
  });
});
