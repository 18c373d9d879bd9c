import { AuthenticationError, ProviderError, RateLimitError } from '../../lib';
import { failureToError, isRetryableStatus, providerErrorFor, retryAfterMs } from '../../lib/providers/provider-error';

describe('retryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it.each([
    [{ 'retry-after-ms': '250' }, 250],
    [{ 'retry-after-ms': '12.5', 'retry-after': '9' }, 12.5],
    [{ 'retry-after': '3' }, 3000],
    [{ 'retry-after': 'Thu, 01 Jan 2026 00:00:02 GMT' }, 2000],
    [{ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }, 0],
    [{ 'retry-after-ms': 'soon', 'retry-after': '1' }, 1000],
    [{ 'retry-after': 'whenever' }, undefined],
    [{ 'retry-after': '-5' }, undefined],
    [{}, undefined],
  ])('reads %j as %s ms', (headers, expected) => {
    expect(retryAfterMs(headers, now)).toBe(expected);
  });
});

describe('providerErrorFor', () => {
  it.each([
    [401, AuthenticationError, false],
    [403, AuthenticationError, false],
    [429, RateLimitError, true],
    [400, ProviderError, false],
    [404, ProviderError, false],
    [408, ProviderError, true],
    [409, ProviderError, true],
    [500, ProviderError, true],
    [503, ProviderError, true],
    [529, ProviderError, true],
  ])('maps %s to %p, retryable: %s', (status, type, retryable) => {
    const error = providerErrorFor('anthropic', status, 'their words', { 'request-id': 'req_1', 'retry-after': '2' });
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ status, retryable, provider: 'anthropic', requestId: 'req_1', providerMessage: 'their words' });
    expect(error.message).toBe(`anthropic responded ${status}: their words`);
    expect(isRetryableStatus(status)).toBe(retryable);
    if (status !== 401 && status !== 403) expect((error as ProviderError).retryAfterMs).toBe(2000);
  });
});

describe('failureToError', () => {
  const never = (): undefined => undefined;

  it("keeps an excerpt of a body that is not the provider's JSON, such as a proxy's page", () => {
    const error = failureToError('gemini', { kind: 'status', status: 502, body: `  <html>${'x'.repeat(300)}</html>`, headers: {} }, never);
    expect(error.providerMessage).toBe(`<html>${'x'.repeat(194)}`);
    expect((error as ProviderError).retryable).toBe(true);
  });

  it('leaves the message bare when the body is empty', () => {
    const error = failureToError('ollama', { kind: 'status', status: 404, body: '', headers: {} }, never);
    expect(error.message).toBe('ollama responded 404');
    expect(error.providerMessage).toBeUndefined();
  });

  it('turns a network failure into a retryable ProviderError without a status', () => {
    const error = failureToError('anthropic', { kind: 'network', code: 'ECONNREFUSED' }, never);
    expect(error).toMatchObject({ provider: 'anthropic', retryable: true, status: undefined, message: 'Network error talking to anthropic: ECONNREFUSED' });
  });

  it('names the address tried, and for a refused connection what moves it', () => {
    const refused = failureToError('ollama', { kind: 'network', code: 'ECONNREFUSED' }, never, { baseURL: 'http://127.0.0.1:11434', baseURLEnv: 'OLLAMA_HOST' });
    expect(refused.message).toBe(
      'Network error talking to ollama at http://127.0.0.1:11434: ECONNREFUSED: nothing is listening there. Start ollama there, or set OLLAMA_HOST or the baseURL option (--base-url) to where it runs',
    );
    const withoutVariable = failureToError('simulated', { kind: 'network', code: 'ECONNREFUSED' }, never, { baseURL: 'http://127.0.0.1:9/v1' });
    expect(withoutVariable.message).toMatch(/or set the baseURL option \(--base-url\) to where it runs$/);
    const reset = failureToError('openai', { kind: 'network', code: 'ECONNRESET' }, never, { baseURL: 'https://api.openai.com/v1', baseURLEnv: 'OPENAI_BASE_URL' });
    expect(reset.message).toBe('Network error talking to openai at https://api.openai.com/v1: ECONNRESET');
  });
});
