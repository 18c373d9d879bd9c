import { map } from 'rxjs';
import { batchProgress, CancellationError, type BatchProgress, type SettledBatchEvent } from '../../lib';
import { ana, EVENTS, result } from '../support/events';
import { marbles } from '../support/marbles';

const BATCH: Record<string, SettledBatchEvent> = {
  A: { job: 0, event: EVENTS.p },
  B: { job: 1, event: EVENTS.p },
  q: { job: 0, event: EVENTS.q },
  t: { job: 0, event: EVENTS.t },
  a: { job: 0, event: EVENTS.a },
  b: { job: 1, event: EVENTS.b },
  r: { job: 0, event: EVENTS.r },
  s: { job: 0, event: { type: 'retry', attempt: 2, delayMs: 10, reason: 'reset', discarded: { tokens: 1, personas: 0 } } },
  z: { job: 0, event: EVENTS.z },
  f: { job: 1, event: { type: 'failed', error: new CancellationError('stopped') } },
  x: { job: 2, event: { type: 'failed', error: new CancellationError('stopped') } },
  y: { job: 2, event: { type: 'result', result: result([ana]) } },
};

const snapshot = (done: number, failed: number, running: number, personas: number, total?: number): BatchProgress =>
  total === undefined ? { done, failed, running, personas } : { done, failed, running, personas, total };

describe('batchProgress', () => {
  it('counts jobs starting, personas streaming, results and failures', () => {
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold('A-B-t-q-a-b-z-f|', BATCH).pipe(batchProgress({ total: 3 }))).toBe('A-B-----a-b-z-f|', {
        A: snapshot(0, 0, 1, 0, 3),
        B: snapshot(0, 0, 2, 0, 3),
        a: snapshot(0, 0, 2, 1, 3),
        b: snapshot(0, 0, 2, 2, 3),
        // job 0 streamed one persona and its result holds two; job 1's streamed persona is void
        z: snapshot(1, 0, 1, 3, 3),
        f: snapshot(1, 1, 0, 2, 3),
      });
    });
  });

  it('drops the personas a retry voids, and ignores a retry that voids none', () => {
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold('A-s-a-r-a-z|', BATCH).pipe(batchProgress())).toBe('A---a-r-a-z|', {
        A: snapshot(0, 0, 1, 0),
        a: snapshot(0, 0, 1, 1),
        r: snapshot(0, 0, 1, 0),
        z: snapshot(1, 0, 0, 2),
      });
    });
  });

  it('counts a job that fails before its first event, and a result that comes alone', () => {
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold('x-y|', BATCH).pipe(batchProgress())).toBe('x-y|', {
        x: snapshot(0, 1, 0, 0),
        y: snapshot(1, 1, 0, 1),
      });
    });
  });

  it('keeps the last snapshot and passes errors on', () => {
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold('A-t-#', BATCH).pipe(batchProgress())).toBe('A---#', { A: snapshot(0, 0, 1, 0) });
    });
  });

  it('starts from zero for each subscription', () => {
    marbles().run(({ cold, expectObservable }) => {
      const progress$ = cold('A-a|', BATCH).pipe(
        batchProgress(),
        map((progress) => progress.personas),
      );
      expectObservable(progress$).toBe('0-1|', { 0: 0, 1: 1 });
      expectObservable(progress$).toBe('0-1|', { 0: 0, 1: 1 });
    });
  });

  it('emits new snapshots rather than changing the ones it emitted', () => {
    const seen: BatchProgress[] = [];
    marbles().run(({ cold, flush }) => {
      cold('A-a-b|', BATCH).pipe(batchProgress()).subscribe((progress) => seen.push(progress));
      flush();
    });
    expect(seen).toEqual([snapshot(0, 0, 1, 0), snapshot(0, 0, 1, 1), snapshot(0, 0, 2, 2)]);
  });
});
