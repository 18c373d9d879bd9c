import { throwError } from 'rxjs';
import {
  AsyncPersonaGenerator,
  CancellationError,
  CancellationToken,
  TimeoutError,
  toPromise,
  type ProgressEvent,
} from '../../lib';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';

const server = useFakeServer();

const generator = (options: ConstructorParameters<typeof AsyncPersonaGenerator>[0] = {}): AsyncPersonaGenerator =>
  new AsyncPersonaGenerator({ provider: 'openai', baseURL: server.current.url, ...options });

describe('agenerate', () => {
  it('resolves to the result', async () => {
    const result = await generator().agenerate({ count: 2, data: RESEARCH_NOTES });
    expect(result.personas.map((persona) => persona.id)).toEqual(['persona-1', 'persona-2']);
    expect(server.current.requests).toHaveLength(1);
  });

  it('awaits an async progress callback for each step, in order, before the next', async () => {
    const calls: string[] = [];
    let running = 0;
    await generator().agenerate(
      { count: 1, data: RESEARCH_NOTES },
      {
        progressCallback: async (step, total, event: ProgressEvent) => {
          running += 1;
          calls.push(`start ${step}/${total} ${event.stage} (${running} running)`);
          await new Promise((resolve) => setTimeout(resolve, 5));
          calls.push(`end ${step}`);
          running -= 1;
        },
      },
    );
    expect(calls).toEqual([
      'start 1/5 prepare (1 running)',
      'end 1',
      'start 2/5 render (1 running)',
      'end 2',
      'start 3/5 request (1 running)',
      'end 3',
      'start 4/5 receive (1 running)',
      'end 4',
      'start 5/5 parse (1 running)',
      'end 5',
    ]);
  });

  it('rejects with the callback error and cancels the request when a callback throws', async () => {
    server.current.enqueue({ chunkDelayMs: 20, chunkSize: 4 });
    const failure = new Error('progress view crashed');
    const outcome = generator().agenerate(
      { count: 3, data: RESEARCH_NOTES },
      {
        progressCallback: (step) => {
          if (step === 4) throw failure;
        },
      },
    );
    await expect(outcome).rejects.toBe(failure);
    await server.current.waitForClientClose();
    expect(server.current.closedByClient).toBe(1);
  });

  it.each([
    ['signal', (token: CancellationToken) => ({ signal: token.signal })],
    ['cancellationToken', (token: CancellationToken) => ({ cancellationToken: token })],
  ])('rejects with CancellationError on %s and closes the connection', async (_name, optionsFor) => {
    server.current.enqueue({ chunkDelayMs: 20, chunkSize: 4 });
    const token = new CancellationToken();
    const outcome = generator().agenerate(
      { count: 3, data: RESEARCH_NOTES },
      {
        ...optionsFor(token),
        progressCallback: (step) => {
          if (step === 4) token.cancel();
        },
      },
    );
    await expect(outcome).rejects.toBeInstanceOf(CancellationError);
    await server.current.waitForClientClose();
    expect(server.current.requests).toHaveLength(1);
  });

  it('rejects with TimeoutError naming the stage on timeoutMs', async () => {
    server.current.enqueue({ latencyMs: 5_000 });
    await expect(generator().agenerate({ count: 1, data: RESEARCH_NOTES }, { timeoutMs: 100 })).rejects.toEqual(
      expect.objectContaining({ name: 'TimeoutError', stage: 'request' }),
    );
    await server.current.waitForClientClose();
  });

  it('runs several calls on one generator in parallel, each with its own result', async () => {
    server.current.enqueue({ awaitInFlight: 3 }, { awaitInFlight: 3 }, { awaitInFlight: 3 });
    const shared = generator({ maxConcurrentRequests: 3 });
    const results = await Promise.all([1, 2, 3].map((count) => shared.agenerate({ count, data: RESEARCH_NOTES })));
    expect(results.map((result) => result.personas.length)).toEqual([1, 2, 3]);
    expect(new Set(results.map((result) => result.runId)).size).toBe(3);
    expect(server.current.maxInFlight).toBe(3);
  });
});

describe('toPromise', () => {
  it('rejects with the stream error', async () => {
    const failure = new TimeoutError('late', { stage: 'parse', timeoutMs: 1, retryable: false });
    await expect(toPromise(throwError(() => failure))).rejects.toBe(failure);
  });

  it('rejects at once when the token is already cancelled, without subscribing', async () => {
    const token = new CancellationToken();
    token.cancel('too late');
    await expect(toPromise(generator().generate$({ count: 1, data: RESEARCH_NOTES }), { cancellationToken: token })).rejects.toEqual(
      expect.objectContaining({ name: 'CancellationError', reason: 'too late' }),
    );
    expect(server.current.requests).toHaveLength(0);
  });
});
