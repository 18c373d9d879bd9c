import { Observable } from 'rxjs';
import { idleTimeout } from '../../lib/operators/idle-timeout';
import { marbles } from '../support/marbles';

describe('idleTimeout', () => {
  const silent = new Error('silent');

  it('fails once the source has been silent for the limit, counted from its last value', () => {
    marbles().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a-b-c-------d|');
      expectObservable(source.pipe(idleTimeout(4, () => silent))).toBe('a-b-c---#', undefined, silent);
      expectSubscriptions(source.subscriptions).toBe('^-------!');
    });
  });

  it('lets a source through that never pauses that long', () => {
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold('a--b--c--|').pipe(idleTimeout(4, () => silent))).toBe('a--b--c--|');
    });
  });

  it('counts silence before the first value too', () => {
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold('-----a|').pipe(idleTimeout(3, () => silent))).toBe('---#', undefined, silent);
    });
  });

  it('passes errors through and is a no-op without a limit', () => {
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold('a#').pipe(idleTimeout(3, () => silent))).toBe('a#');
      expectObservable(cold('a---------b|').pipe(idleTimeout(undefined, () => silent))).toBe('a---------b|');
    });
  });

  it('arms one timer per stream, however many values arrive', () => {
    const timers = jest.spyOn(global, 'setInterval');
    const subscription = new Observable<number>((subscriber) => {
      for (let value = 0; value < 1_000; value += 1) subscriber.next(value);
    })
      .pipe(idleTimeout(60_000, () => silent))
      .subscribe();
    try {
      expect(timers).toHaveBeenCalledTimes(1);
    } finally {
      subscription.unsubscribe();
      timers.mockRestore();
    }
  });
});
