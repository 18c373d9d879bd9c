import {
  AuthenticationError,
  ProviderError,
  RateLimitError,
  TimeoutError,
  type GeneratorOptions,
  type RetryEvent,
} from '../../lib';
import type { ScriptedResponse } from '../../lib/testing';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';
import { generatorFor, outcomeOf, PROVIDERS } from './provider-cases';

const server = useFakeServer();
const config = { count: 2, data: RESEARCH_NOTES };

interface RetriedFault {
  fault: string;
  first: ScriptedResponse;
  options?: GeneratorOptions;
  /** The wait the retry event must announce, when the server asked for one. */
  delayMs?: number;
  reason: RegExp;
}

const RETRIED: RetriedFault[] = [
  { fault: '429 with retry-after-ms', first: { status: 429, headers: { 'retry-after-ms': '15' } }, delayMs: 15, reason: /429/ },
  { fault: '429 with retry-after in seconds', first: { status: 429, headers: { 'retry-after': '0' } }, delayMs: 0, reason: /429/ },
  { fault: '529 overloaded', first: { status: 529 }, reason: /529/ },
  { fault: '503 unavailable', first: { status: 503 }, reason: /503/ },
  { fault: '500 server error', first: { status: 500 }, reason: /500/ },
  { fault: '408 request timeout', first: { status: 408 }, reason: /408/ },
  { fault: '409 conflict', first: { status: 409 }, reason: /409/ },
  { fault: 'a connection reset', first: { fault: 'reset' }, reason: /Network error .*ECONNRESET/ },
  { fault: 'a hang (requestTimeoutMs)', first: { fault: 'hang' }, options: { requestTimeoutMs: 400 }, reason: /requestTimeoutMs/ },
  { fault: 'an in-stream error event', first: { fault: 'error-mid-stream', chunkSize: 8 }, reason: /Overloaded/ },
  { fault: 'a reset mid-stream', first: { fault: 'reset-mid-stream', chunkSize: 8 }, reason: /Network error/ },
  { fault: 'a stream cut off without its closing event', first: { fault: 'end-mid-stream', chunkSize: 8 }, reason: /closed the stream before the answer was complete/ },
  { fault: 'a silent stream (idleTimeoutMs)', first: { fault: 'hang-mid-stream', chunkSize: 8 }, options: { idleTimeoutMs: 300 }, reason: /silent/ },
];

describe.each(PROVIDERS)('$provider faults', (providerCase) => {
  const generator = (options: GeneratorOptions = {}) => generatorFor(providerCase, server.current, options);

  it.each(RETRIED)('retries $fault once, then succeeds', async ({ first, options, delayMs, reason }) => {
    server.current.enqueue(first);
    const { events, result, error } = await outcomeOf(generator(options).generate$(config));

    expect(error).toBeUndefined();
    expect(server.current.requests).toHaveLength(2);
    expect(result?.attempts).toBe(2);
    expect(result?.personas).toHaveLength(2);
    const retries = events.filter((event): event is RetryEvent => event.type === 'retry');
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 2, reason: expect.stringMatching(reason) });
    if (delayMs !== undefined) expect(retries[0].delayMs).toBe(delayMs);
    else expect(retries[0].delayMs).toBeLessThanOrEqual(20);
  });

  it('closes the hung request at the server before retrying it', async () => {
    server.current.enqueue({ fault: 'hang' });
    const { result } = await outcomeOf(generator({ requestTimeoutMs: 400 }).generate$(config));
    expect(result?.attempts).toBe(2);
    expect(server.current.closedByClient).toBe(1);
  });

  it.each([
    [400, ProviderError],
    [404, ProviderError],
    [422, ProviderError],
    [401, AuthenticationError],
    [403, AuthenticationError],
  ] as const)('does not retry a %s, surfacing it as %p', async (status, type) => {
    server.current.enqueue({ status, errorMessage: 'you asked for it', headers: { [providerCase.requestIdHeader]: 'req_42' } });
    const { events, error } = await outcomeOf(generator().generate$(config));

    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ status, provider: providerCase.provider, retryable: false, requestId: 'req_42' });
    expect((error as ProviderError).providerMessage).toContain('you asked for it');
    expect(server.current.requests).toHaveLength(1);
    expect(events.some((event) => event.type === 'retry')).toBe(false);
  });

  it("reads the provider's own message out of its error body", async () => {
    server.current.enqueue({ status: 400, errorMessage: 'max_tokens is too large' });
    const { error } = await outcomeOf(generator().generate$(config));
    expect((error as ProviderError).providerMessage).toBe(providerCase.providerMessage(400, 'max_tokens is too large'));
    expect((error as ProviderError).message).toBe(`${providerCase.provider} responded 400: ${providerCase.providerMessage(400, 'max_tokens is too large')}`);
  });

  it.each([true, false])('surfaces a malformed response as a ProviderError, not retried (stream: %s)', async (stream) => {
    server.current.enqueue({ fault: 'malformed' });
    const { error } = await outcomeOf(generator({ stream }).generate$(config));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: providerCase.provider, retryable: false, message: expect.stringContaining('malformed') });
    expect(server.current.requests).toHaveLength(1);
  });

  describe('once maxRetries is spent', () => {
    const twice = (response: ScriptedResponse): void => server.current.enqueue(response, response);
    const spent = () => outcomeOf(generator({ maxRetries: 1, requestTimeoutMs: 300 }).generate$(config));

    it('fails with RateLimitError carrying the wait the server asked for', async () => {
      twice({ status: 429, headers: { 'retry-after-ms': '5' }, errorMessage: 'slow down' });
      const { error } = await spent();
      expect(error).toBeInstanceOf(RateLimitError);
      expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 5, providerMessage: providerCase.providerMessage(429, 'slow down') });
      expect(server.current.requests).toHaveLength(2);
    });

    it('fails with the overload as a retryable ProviderError', async () => {
      twice({ status: 529 });
      const { error } = await spent();
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ status: 529, retryable: true, provider: providerCase.provider });
      expect(server.current.requests).toHaveLength(2);
    });

    it("fails with the in-stream error's status", async () => {
      twice({ fault: 'error-mid-stream', errorMessage: 'Overloaded' });
      const { error } = await spent();
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({
        status: providerCase.inStreamStatus,
        retryable: true,
        providerMessage: providerCase.providerMessage(providerCase.inStreamStatus, 'Overloaded'),
      });
      expect(server.current.requests).toHaveLength(2);
    });

    it('fails with a network ProviderError after resets', async () => {
      twice({ fault: 'reset' });
      const { error } = await spent();
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ retryable: true, status: undefined, message: expect.stringContaining('Network error') });
      expect(server.current.requests).toHaveLength(2);
    });

    it('fails with TimeoutError after hangs, every request closed', async () => {
      twice({ fault: 'hang' });
      const { error } = await spent();
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error).toMatchObject({ stage: 'request', timeoutMs: 300, retryable: true });
      expect(server.current.requests).toHaveLength(2);
      await server.current.waitForClientClose(2);
    });
  });
});
