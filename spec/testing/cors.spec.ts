import axios from 'axios';
import { useFakeServer } from '../support/fake-server';

const server = useFakeServer();

const PAGE = 'http://127.0.0.1:4200';
const PROVIDER_HEADERS = [
  'authorization',
  'content-type',
  'x-api-key',
  'anthropic-version',
  'anthropic-dangerous-direct-browser-access',
  'x-goog-api-key',
];

const preflight = (origin: string, requestHeaders?: string) =>
  axios.request({
    method: 'OPTIONS',
    url: `${server.current.url}/chat/completions`,
    headers: {
      origin,
      'access-control-request-method': 'POST',
      ...(requestHeaders ? { 'access-control-request-headers': requestHeaders } : {}),
    },
    validateStatus: () => true,
  });

const chat = (origin: string) =>
  axios.post(
    `${server.current.url}/chat/completions`,
    { model: 'm', messages: [{ role: 'user', content: 'Create exactly 1 persona' }] },
    { headers: { origin }, validateStatus: () => true },
  );

const listed = (value: unknown): string[] => String(value).split(',').map((name) => name.trim());

describe('the simulated server and browser pages on other loopback origins (CORS)', () => {
  it('answers a preflight with the methods and the providers’ headers, plus custom ones asked for', async () => {
    const response = await preflight(PAGE, 'Authorization, X-Proxy-Token');

    expect(response.status).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(PAGE);
    expect(listed(response.headers['access-control-allow-methods'])).toEqual(['GET', 'POST', 'OPTIONS']);
    expect(listed(response.headers['access-control-allow-headers'])).toEqual([...PROVIDER_HEADERS, 'x-proxy-token']);
    expect(response.headers['access-control-max-age']).toBe('600');
    expect(response.headers.vary).toBe('origin');
  });

  it('allows the providers’ headers when the preflight asks for none in particular', async () => {
    const response = await preflight(PAGE);

    expect(listed(response.headers['access-control-allow-headers'])).toEqual(PROVIDER_HEADERS);
  });

  it('does not count a preflight as a request, in flight or closed', async () => {
    await preflight(PAGE, 'authorization');
    await preflight('http://localhost:8080', 'x-api-key,anthropic-version');

    expect(server.current.requests).toEqual([]);
    expect(server.current.maxInFlight).toBe(0);
    expect(server.current.inFlight).toBe(0);
    expect(server.current.closedByClient).toBe(0);
  });

  it('lets a loopback page read the answer, including backoff hints on errors', async () => {
    server.current.enqueue({ status: 429, headers: { 'retry-after': '2' } });
    const limited = await chat('http://localhost:5173');
    const answered = await chat('http://[::1]:3000');

    expect(limited.status).toBe(429);
    expect(limited.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(listed(limited.headers['access-control-expose-headers'])).toEqual([
      'retry-after',
      'retry-after-ms',
      'x-request-id',
      'request-id',
      'x-goog-request-id',
      'cf-ray',
    ]);
    expect(answered.status).toBe(200);
    expect(answered.headers['access-control-allow-origin']).toBe('http://[::1]:3000');
    expect(server.current.requests).toHaveLength(2);
    expect(server.current.maxInFlight).toBe(1);
  });

  it.each([['https://example.com'], ['http://127.evil.example:8080'], ['null'], ['not a url']])(
    'gives a page from %s no CORS permission, so its browser keeps blocking it',
    async (origin) => {
      const refused = await preflight(origin);
      const answered = await chat(origin);

      expect(refused.status).toBe(204);
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
      expect(refused.headers['access-control-allow-headers']).toBeUndefined();
      expect(answered.status).toBe(200);
      expect(answered.headers['access-control-allow-origin']).toBeUndefined();
      expect(answered.headers['access-control-expose-headers']).toBeUndefined();
    },
  );

  it('sends no CORS headers to clients that are not browsers', async () => {
    const response = await axios.post(`${server.current.url}/chat/completions`, { model: 'm', messages: [] }, { validateStatus: () => true });

    expect(response.status).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});
