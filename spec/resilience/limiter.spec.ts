import { NEVER } from 'rxjs';
import { ConcurrencyLimiter } from '../../lib/resilience/limiter';
import { marbles } from '../support/marbles';

describe('ConcurrencyLimiter', () => {
  it('runs at most `limit` sources at once, the rest in FIFO order as slots free', () => {
    marbles().run(({ cold, expectObservable, expectSubscriptions }) => {
      const limiter = new ConcurrencyLimiter(2);
      const a = cold('--a|');
      const b = cold('----b|');
      const c = cold('c|');
      const d = cold('d|');
      expectObservable(limiter.run(a)).toBe('--a|');
      expectObservable(limiter.run(b)).toBe('----b|');
      expectObservable(limiter.run(c)).toBe('---c|');
      expectObservable(limiter.run(d)).toBe('----d|');
      expectSubscriptions(c.subscriptions).toBe('---^!');
      expectSubscriptions(d.subscriptions).toBe('----^!');
    });
  });

  it('never subscribes a source that is unsubscribed while queued', () => {
    marbles().run(({ cold, expectObservable, expectSubscriptions }) => {
      const limiter = new ConcurrencyLimiter(1);
      const first = cold('----a|');
      const queued = cold('b|');
      const next = cold('c|');
      expectObservable(limiter.run(first)).toBe('----a|');
      expectObservable(limiter.run(queued), '^-!').toBe('---');
      expectObservable(limiter.run(next)).toBe('-----c|');
      expectSubscriptions(queued.subscriptions).toBe([]);
    });
  });

  it('frees the slot when the source errors or is unsubscribed', () => {
    marbles().run(({ cold, expectObservable }) => {
      const limiter = new ConcurrencyLimiter(1);
      expectObservable(limiter.run(cold('-#'))).toBe('-#');
      expectObservable(limiter.run(cold('--a--b|')), '^---!').toBe('---a-');
      expectObservable(limiter.run(cold('c|'))).toBe('----c|');
    });
  });

  it('counts running and waiting sources', () => {
    const limiter = new ConcurrencyLimiter(1);
    const never = limiter.run(NEVER);
    const first = never.subscribe();
    const second = never.subscribe();
    expect([limiter.running, limiter.waiting]).toEqual([1, 1]);
    first.unsubscribe();
    expect([limiter.running, limiter.waiting]).toEqual([1, 0]);
    second.unsubscribe();
    expect([limiter.running, limiter.waiting]).toEqual([0, 0]);
  });
});
