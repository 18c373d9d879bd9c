import { WARM_FOR_MS, WarmupGate } from '../../lib/resilience/warmup-gate';
import { marbles } from '../support/marbles';

describe('WarmupGate', () => {
  it('starts the first request of a prefix at once and the others when its response begins', () => {
    marbles().run(({ cold, expectObservable, expectSubscriptions }) => {
      const gate = new WarmupGate();
      const writer = cold('--a-b|');
      const second = cold('-x|');
      const third = cold('-y|');
      expectObservable(gate.pass('k', writer)).toBe('--a-b|');
      expectObservable(gate.pass('k', second)).toBe('---x|');
      expectObservable(gate.pass('k', third)).toBe('---y|');
      expectSubscriptions(second.subscriptions).toBe('--^-!');
      expectSubscriptions(third.subscriptions).toBe('--^-!');
    });
  });

  it('lets requests without a key, or of another prefix, start at once', () => {
    marbles().run(({ cold, expectObservable }) => {
      const gate = new WarmupGate();
      expectObservable(gate.pass('k', cold('----a|'))).toBe('----a|');
      expectObservable(gate.pass('other', cold('-b|'))).toBe('-b|');
      expectObservable(gate.pass(undefined, cold('-c|'))).toBe('-c|');
    });
  });

  it('hands the writing to the next held request when the writer fails before its response begins', () => {
    marbles().run(({ cold, expectObservable }) => {
      const gate = new WarmupGate();
      expectObservable(gate.pass('k', cold('--#'))).toBe('--#');
      expectObservable(gate.pass('k', cold('-x|'))).toBe('---x|');
      expectObservable(gate.pass('k', cold('-y|'))).toBe('----y|');
    });
  });

  it('hands the writing on when the writer is unsubscribed, and forgets a held request that is', () => {
    marbles().run(({ cold, expectObservable, expectSubscriptions }) => {
      const gate = new WarmupGate();
      const writer = cold('-----a|');
      const leaving = cold('-z|');
      expectObservable(gate.pass('k', writer), '^-!').toBe('---');
      expectObservable(gate.pass('k', leaving), '^!').toBe('-');
      expectObservable(gate.pass('k', cold('-x|'))).toBe('---x|');
      expectObservable(gate.pass('k', cold('-y|'))).toBe('----y|');
      expectSubscriptions(writer.subscriptions).toBe('^-!');
      expectSubscriptions(leaving.subscriptions).toBe([]);
    });
    expect(new WarmupGate().holding).toBe(0);
  });

  it('counts a whole response (one item, then complete) as begun, and a response without items once complete', () => {
    marbles().run(({ cold, expectObservable }) => {
      const gate = new WarmupGate();
      expectObservable(gate.pass('k', cold('--|'))).toBe('--|');
      expectObservable(gate.pass('k', cold('-x|'))).toBe('---x|');
    });
  });

  it('lets requests through at once while the prefix is warm, and writes it again once it has gone cold', () => {
    marbles().run(({ cold, expectObservable }) => {
      const gate = new WarmupGate();
      expectObservable(gate.pass('k', cold('-a|'))).toBe('-a|');
      // Later, while warm: no wait.
      expectObservable(gate.pass('k', cold('-b|')), '10ms ^').toBe('10ms -b|');
      // Past the cache's life since its last use, two requests at once: one writes, one waits for it.
      const late = `${WARM_FOR_MS + 20}ms`;
      expectObservable(gate.pass('k', cold('--c|')), `${late} ^`).toBe(`${late} --c|`);
      expectObservable(gate.pass('k', cold('-d|')), `${late} ^`).toBe(`${late} ---d|`);
    });
  });

  it('holds as many requests as wait, and none once they have gone', () => {
    marbles().run(({ cold, expectObservable, flush }) => {
      const gate = new WarmupGate();
      expectObservable(gate.pass('k', cold('----a|'))).toBe('----a|');
      expectObservable(gate.pass('k', cold('-x|'))).toBe('-----x|');
      flush();
      expect(gate.holding).toBe(0);
    });
  });
});
