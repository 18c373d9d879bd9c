import { deadlineNaming } from '../../lib/operators/deadline-naming';
import { marbles } from '../support/marbles';

/** Fails after 10 frames, naming the last letter seen (or 'none'). */
const lastLetter = () => deadlineNaming(10, (_last: string, value: string) => value, 'none', (last) => new Error(`late after ${last}`));

describe('deadlineNaming', () => {
  it('fails at the deadline with the state scanned from the values so far', () => {
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold('a-b-c------------|').pipe(lastLetter())).toBe('a-b-c-----#', undefined, new Error('late after c'));
    });
  });

  it('names the seed when nothing arrived', () => {
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold('-----------a|').pipe(lastLetter())).toBe('----------#', undefined, new Error('late after none'));
    });
  });

  it('leaves a source that finishes in time untouched, its timer gone with it', () => {
    marbles().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a-b-|');
      expectObservable(source.pipe(lastLetter())).toBe('a-b-|');
      expectSubscriptions(source.subscriptions).toBe('^---!');
    });
  });

  it('passes an error of the source through', () => {
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold('a-#', undefined, new Error('boom')).pipe(lastLetter())).toBe('a-#', undefined, new Error('boom'));
    });
  });
});
