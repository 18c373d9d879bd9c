import { TestScheduler } from 'rxjs/testing';
import { lastValueFrom, toArray } from 'rxjs';
import { CancellationToken } from '../../lib';

describe('CancellationToken', () => {
  it('starts uncancelled', () => {
    const token = new CancellationToken();
    expect(token.isCancelled).toBe(false);
    expect(token.signal.aborted).toBe(false);
  });

  it('aborts its signal and keeps the first reason', () => {
    const token = new CancellationToken();
    token.cancel('first');
    token.cancel('second');
    expect(token.isCancelled).toBe(true);
    expect(token.signal.aborted).toBe(true);
    expect(token.reason).toBe('first');
  });

  it('cancelled$ emits the reason once on cancel, then completes', async () => {
    const token = new CancellationToken();
    const seen = lastValueFrom(token.cancelled$.pipe(toArray()));
    token.cancel('stop');
    expect(await seen).toEqual(['stop']);
  });

  it('cancelled$ emits at once for a token that is already cancelled', () => {
    const token = new CancellationToken();
    token.cancel();
    new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ expectObservable }) => {
      expectObservable(token.cancelled$).toBe('(a|)', { a: 'cancelled' });
    });
  });
});
