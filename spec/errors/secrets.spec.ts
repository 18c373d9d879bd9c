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
  it('replaces every registered secret, whatever its length; short ones only where they stand as a token', () => {
    registerSecret('abc');
    registerSecret('another-key-42');
    expect(redactSecrets('abc another-key-42 and another-key-42')).toBe('[redacted] [redacted] and [redacted]');
    expect(redactSecrets('key=abc&x, (abc), "abc"')).toBe('key=[redacted]&x, ([redacted]), "[redacted]"');
    expect(redactSecrets('abcdef xabc abc_1 abc-2 the-key-42')).toBe('abcdef xabc abc_1 abc-2 the-key-42');
  });

  it('a one-character key is redacted where it stands alone, and nowhere inside words', () => {
    registerSecret('Q');
    expect(redactSecrets('Q Quota exceeded for key Q.')).toBe('[redacted] Quota exceeded for key [redacted].');
  });

  it('a secret that holds another is redacted whole, and regex characters in secrets are taken literally', () => {
    registerSecret('k.y+1');
    registerSecret('prefix-k.y+1-suffix');
    expect(redactSecrets('prefix-k.y+1-suffix / k.y+1 / kXy+1')).toBe('[redacted] / [redacted] / kXy+1');
  });
});

describe('secrets in custom headers', () => {
  const proxyToken = 'pt-proxy-token-7f3a9c';
  const azureKey = 'az-key-000000000042';

  it('are redacted when a 403 echoes them, whole or as the credential after the scheme', async () => {
    server.current.enqueue({ status: 403, errorMessage: `Forbidden: token ${proxyToken}, key ${azureKey}, auth Bearer shorty9` });
    const generator = new PersonaGenerator({
      provider: 'openai',
      baseURL: server.current.url,
      maxRetries: 0,
      headers: { 'X-Proxy-Token': proxyToken, 'api-key': azureKey, authorization: 'Bearer shorty9', 'x-title': 'Research' },
    });
    const error = await failure(generator);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).providerMessage).toBe('Forbidden: token [redacted], key [redacted], auth [redacted]');
    for (const secret of [proxyToken, azureKey, 'shorty9']) expect(everyForm(error)).not.toContain(secret);
    expect(server.current.requests[0].headers['x-proxy-token']).toBe(proxyToken);
  });

  it('are not shown by the generator, but a public header like x-title is not treated as secret', () => {
    const generator = new PersonaGenerator({ provider: 'openai', baseURL: server.current.url, headers: { 'x-api-key': 'x-key-0000000001', 'x-title': 'Research' } });
    expect(inspect(generator, { depth: 10, showHidden: true })).not.toContain('x-key-0000000001');
    expect(redactSecrets('x-key-0000000001 Research')).toBe('[redacted] Research');
  });
});
