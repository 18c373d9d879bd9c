import { Observable } from 'rxjs';
import { AsyncPersonaGenerator, ConfigurationError, toPromise, type PromiseAdapterOptions } from '../../lib';
import { aloadData } from '../../lib/node';
import { SAMPLES } from '../cli/support/cli-harness';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';

const server = useFakeServer();
const config = { count: 1, data: RESEARCH_NOTES };
const generator = (): AsyncPersonaGenerator => new AsyncPersonaGenerator({ provider: 'openai', baseURL: server.current.url });

const hostileOptions: [string, Record<string, unknown>][] = [
  ['timeoutMs', { timeoutMs: -5 }],
  ['timeoutMs', { timeoutMs: 1.5 }],
  ['signal', { signal: {} }],
  ['progressCallback', { progressCallback: 5 }],
  ['cancellationToken', { cancellationToken: { signal: 'nope', cancel: 1 } }],
];

async function rejection(promise: Promise<unknown>): Promise<ConfigurationError> {
  const error = await promise.then(() => undefined, (reason: unknown) => reason);
  expect(error).toBeInstanceOf(ConfigurationError);
  return error as ConfigurationError;
}

describe('Promise adapters check their options before any I/O', () => {
  it.each(hostileOptions)('agenerate with a bad %s rejects with ConfigurationError naming it', async (field, options) => {
    const error = await rejection(generator().agenerate(config, options as PromiseAdapterOptions));
    expect(error.fields).toEqual([field]);
    expect(server.current.requests).toHaveLength(0);
  });

  it.each(hostileOptions.filter(([field]) => field !== 'timeoutMs'))('agenerateBatch with a bad %s rejects with ConfigurationError', async (field, options) => {
    const error = await rejection(generator().agenerateBatch([config], options as never));
    expect(error.fields).toEqual([field]);
    expect(server.current.requests).toHaveLength(0);
  });

  it('toPromise validates before it subscribes to the run', async () => {
    let subscribed = false;
    const watched$ = new Observable<never>(() => {
      subscribed = true;
    });
    await rejection(toPromise(watched$, { signal: {} as AbortSignal }));
    expect(subscribed).toBe(false);
  });

  it.each([
    ['signal', { signal: 'abort' }],
    ['cancellationToken', { cancellationToken: 42 }],
  ])('operations (estimates, data, experiments) with a bad %s reject with ConfigurationError', async (field, options) => {
    expect((await rejection(generator().aestimateCost(config, options as never))).fields).toEqual([field]);
    expect((await rejection(aloadData(`${SAMPLES}/interviews.md`, options as never))).fields).toEqual([field]);
  });
});
