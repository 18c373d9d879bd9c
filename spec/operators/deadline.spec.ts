import { Observable } from 'rxjs';
import { CancellationError, TimeoutError, type GenerationEvent } from '../../lib';
import { abortWith } from '../../lib/operators/abort-with';
import { deadline } from '../../lib/operators/deadline';
import { runDeadline } from '../../lib/operators/run-deadline';
import { EVENTS } from '../support/events';
import { marbles } from '../support/marbles';

describe('deadline', () => {
  const late = new Error('late');

  it('fails a source still running at the deadline, and unsubscribes it', () => {
    marbles().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a-b-c|');
      expectObservable(source.pipe(deadline(3, () => late))).toBe('a-b#', undefined, late);
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('lets a source that finishes in time through untouched', () => {
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold('a-b|').pipe(deadline(5, () => late))).toBe('a-b|');
    });
  });

  it('is a no-op without a deadline', () => {
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold('a---------b|').pipe(deadline(undefined, () => late))).toBe('a---------b|');
    });
  });
});

describe('runDeadline', () => {
  it('names the stage the run had reached', () => {
    marbles().run(({ cold, expectObservable }) => {
      const run = cold<GenerationEvent>('p-q-t-z|', EVENTS).pipe(runDeadline(5));
      expectObservable(run).toBe(
        'p-q-t#',
        EVENTS,
        new TimeoutError("Run exceeded its 5 ms deadline during stage 'receive'", { stage: 'receive', timeoutMs: 5, retryable: false }),
      );
    });
  });

  it('names the first stage before any progress', () => {
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold<GenerationEvent>('---p|', EVENTS).pipe(runDeadline(2))).toBe(
        '--#',
        undefined,
        new TimeoutError("Run exceeded its 2 ms deadline during stage 'prepare'", { stage: 'prepare', timeoutMs: 2, retryable: false }),
      );
    });
  });
});

describe('abortWith', () => {
  it('fails with CancellationError when the signal aborts, and unsubscribes the source', () => {
    const controller = new AbortController();
    let tornDown = false;
    const source = new Observable<number>(() => () => {
      tornDown = true;
    });
    const errors: unknown[] = [];
    const subscription = source.pipe(abortWith(controller.signal)).subscribe({ error: (error: unknown) => errors.push(error) });
    expect(tornDown).toBe(false);
    controller.abort('user left');
    expect(errors).toEqual([expect.objectContaining({ name: 'CancellationError', message: 'Cancelled: user left' })]);
    expect(errors[0]).toBeInstanceOf(CancellationError);
    expect(tornDown).toBe(true);
    expect(subscription.closed).toBe(true);
  });

  it('passes values through while the signal is quiet, and is a no-op without one', () => {
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold('a-b|').pipe(abortWith(new AbortController().signal))).toBe('a-b|');
      expectObservable(cold('a-b|').pipe(abortWith(undefined))).toBe('a-b|');
    });
  });
});
