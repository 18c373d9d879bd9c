import { currentPersonas, ofType, personasOf, progressOf, resultOf, tokensOf } from '../../lib';
import { ana, ben, EVENTS } from '../support/events';
import { marbles } from '../support/marbles';

const RUN = 'p-t-a-u-r-a-q-b-z|';

describe('selection operators', () => {
  it('progressOf keeps the progress events', () => {
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold(RUN, EVENTS).pipe(progressOf())).toBe('p-----------q----|', EVENTS);
    });
  });

  it('personasOf emits each persona as it completes', () => {
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold(RUN, EVENTS).pipe(personasOf())).toBe('----a-----a---b--|', { a: ana, b: ben });
    });
  });

  it('resultOf emits the one result', () => {
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold(RUN, EVENTS).pipe(resultOf())).toBe('----------------z|', { z: EVENTS.z.type === 'result' ? EVENTS.z.result : undefined });
    });
  });

  it('tokensOf emits the text deltas', () => {
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold(RUN, EVENTS).pipe(tokensOf())).toBe('--t---u----------|', { t: 'He', u: 'llo' });
    });
  });

  it('ofType narrows to one kind, errors pass through', () => {
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold('p-r-#', EVENTS).pipe(ofType('retry'))).toBe('--r-#', EVENTS);
    });
  });
});

describe('currentPersonas', () => {
  it('grows with each persona, empties on retry and ends with the final list', () => {
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold(RUN, EVENTS).pipe(currentPersonas())).toBe('----a---e-f---g-h|', {
        a: [ana],
        e: [],
        f: [ana],
        g: [ana, ben],
        h: [ana, ben],
      });
    });
  });
});
