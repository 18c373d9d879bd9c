import { inspect } from 'node:util';
import { lastValueFrom, toArray } from 'rxjs';
import {
  AuthenticationError,
  PersonaGenerator,
  ProviderError,
  registerSecret,
  redactSecrets,
  type GenerationEvent,
} from '../../lib';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';

const KEY = 'sk-live-SECRET-0123456789abcdef';
const server = useFakeServer();

function everyForm(error: unknown): string {
  const value = error as Error & { toJSON?: () => unknown; cause?: unknown };
  return [
    value.message,
    value.stack,
    String(value.cause ?? ''),
    JSON.stringify(value),
    JSON.stringify(value.toJSON?.()),
    inspect(value, { depth: 10, showHidden: true }),
  ].join('\n');
}

async function failure(generator: PersonaGenerator): Promise<unknown> {
  return lastValueFrom(generator.generate$({ count: 1, data: RESEARCH_NOTES }).pipe(toArray())).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('no API key in any error form, event or result', () => {
  const generator = (): PersonaGenerator =>
    new PersonaGenerator({ provider: 'openai', baseURL: server.current.url, apiKey: KEY, maxRetries: 0 });

  it('when the provider echoes the key back in its error message', async () => {
    server.current.enqueue({ status: 401, errorMessage: `Incorrect API key provided: ${KEY}` });
    const error = await failure(generator());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).providerMessage).toBe('Incorrect API key provided: [redacted]');
    expect(everyForm(error)).not.toContain(KEY);
    expect(server.current.requests[0].headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('when the connection fails (axios errors carry request headers)', async () => {
    server.current.enqueue({ fault: 'reset' });
    const error = await failure(generator());
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).retryable).toBe(true);
    expect(everyForm(error)).not.toContain(KEY);
  });

  it('in events and results, and in the generator itself', async () => {
    const subject = generator();
    const events: GenerationEvent[] = await lastValueFrom(subject.generate$({ count: 1, data: RESEARCH_NOTES }).pipe(toArray()));
    expect(JSON.stringify(events)).not.toContain(KEY);
    expect(inspect(subject, { depth: 10, showHidden: true })).not.toContain(KEY);
    expect(JSON.stringify(subject)).not.toContain(KEY);
  });
});

describe('redactSecrets', () => {
  it('replaces every registered secret, and ignores ones too short to be keys', () => {
    registerSecret('abc');
    registerSecret('another-key-42');
    expect(redactSecrets('abc another-key-42 and another-key-42')).toBe('abc [redacted] and [redacted]');
  });
});
