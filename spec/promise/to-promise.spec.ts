import { EMPTY, NEVER, Subject, of, takeUntil } from 'rxjs';
import { CancellationError, PersonaError, PersonaGenerator, toPromise } from '../../lib';
import { operationPromise } from '../../lib/promise/operation-promise';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';

const server = useFakeServer();
const completedEmpty = new CancellationError('the operation completed without its value');

describe('toPromise over a stream that completes without its result', () => {
  it('rejects a run stopped by takeUntil with CancellationError, and closes the connection', async () => {
    server.current.enqueue({ chunkDelayMs: 20, chunkSize: 4 });
    const run$ = new PersonaGenerator({ provider: 'openai', baseURL: server.current.url }).generate$({ count: 3, data: RESEARCH_NOTES });
    const cancel$ = new Subject<void>();
    const outcome = toPromise(run$.pipe(takeUntil(cancel$))).catch((reason: unknown) => reason);
    await server.current.waitForRequests(1);
    cancel$.next();
    const error = await outcome;
    expect(error).toBeInstanceOf(CancellationError);
    expect(error).toBeInstanceOf(PersonaError);
    expect(error).toEqual(completedEmpty);
    await server.current.waitForClientClose();
    expect(server.current.closedByClient).toBe(1);
  });

  it('rejects toPromise(EMPTY) with CancellationError', async () => {
    await expect(toPromise(EMPTY)).rejects.toEqual(completedEmpty);
  });
});

describe('the Promise form of a single-value operation', () => {
  it('resolves to the value of a stream that has one', async () => {
    await expect(operationPromise(of('created'), {})).resolves.toBe('created');
  });

  it('rejects with CancellationError when the stream completes without a value', async () => {
    await expect(operationPromise(NEVER.pipe(takeUntil(of(true))), {})).rejects.toBeInstanceOf(CancellationError);
  });
});
