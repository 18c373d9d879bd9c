import { ProviderError, RateLimitError } from '../../lib';
import { retrying } from '../../lib/resilience/retrying';
import { marbles } from '../support/marbles';

const transient = new ProviderError('503', { provider: 'openai', status: 503, retryable: true });
const final = new ProviderError('400', { provider: 'openai', status: 400, retryable: false });
const policy = { maxRetries: 2, baseDelayMs: 4, maxDelayMs: 100, random: () => 0.5 };
const notice = (attempt: number, delayMs: number, error: Error) => ({ type: 'retry-notice', attempt, delayMs, error });

describe('retrying', () => {
  it('retries transient failures after a jittered exponential delay, announcing each', () => {
    marbles().run(({ cold, expectObservable, expectSubscriptions }) => {
      const attempts = [cold('a#', { a: 1 }, transient), cold('b#', { b: 2 }, transient), cold('c|', { c: 3 })];
      // attempt 1 fails at 1 and waits 0.5·4 = 2; attempt 2 starts at 3, fails at 4, waits 0.5·8 = 4
      expectObservable(retrying((attempt) => attempts[attempt - 1], policy)).toBe('ax-by---c|', {
        a: 1,
        b: 2,
        c: 3,
        x: notice(2, 2, transient),
        y: notice(3, 4, transient),
      });
      expectSubscriptions(attempts[0].subscriptions).toBe('^!');
      expectSubscriptions(attempts[1].subscriptions).toBe('---^!');
      expectSubscriptions(attempts[2].subscriptions).toBe('--------^!');
    });
  });

  it('gives up after maxRetries with the last error', () => {
    marbles().run(({ cold, expectObservable }) => {
      const failing = cold<number>('#', undefined, transient);
      expectObservable(retrying(() => failing, { ...policy, maxRetries: 1 })).toBe('x-#', { x: notice(2, 2, transient) }, transient);
    });
  });

  it('passes a non-retryable error straight through', () => {
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(retrying(() => cold('a#', { a: 1 }, final), policy)).toBe('a#', { a: 1 }, final);
    });
  });

  it('waits as long as retry-after asks, capped at maxDelayMs', () => {
    const limited = new RateLimitError('429', { provider: 'openai', status: 429, retryable: true, retryAfterMs: 5 });
    const patient = new RateLimitError('429', { provider: 'openai', status: 429, retryable: true, retryAfterMs: 60_000 });
    marbles().run(({ cold, expectObservable }) => {
      const attempts = [cold<number>('#', undefined, limited), cold<number>('#', undefined, patient), cold('c|', { c: 3 })];
      expectObservable(retrying((attempt) => attempts[attempt - 1], { ...policy, maxDelayMs: 3 })).toBe('x--y--c|', {
        x: notice(2, 3, limited),
        y: notice(3, 3, patient),
        c: 3,
      });
    });
  });

  it('clears the backoff timer when unsubscribed while waiting', () => {
    marbles().run(({ cold, expectObservable, expectSubscriptions }) => {
      const attempts = [cold<number>('#', undefined, transient), cold('b|', { b: 2 })];
      expectObservable(retrying((attempt) => attempts[attempt - 1], { ...policy, baseDelayMs: 10 }), '^--!').toBe('x--', {
        x: notice(2, 5, transient),
      });
      expectSubscriptions(attempts[1].subscriptions).toBe([]);
    });
  });
});
