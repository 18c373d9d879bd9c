import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the providers' browser clients send: keys, versions and Anthropic's browser opt-in. */
const PROVIDER_REQUEST_HEADERS = [
  'authorization',
  'content-type',
  'x-api-key',
  'anthropic-version',
  'anthropic-dangerous-direct-browser-access',
  'x-goog-api-key',
];

/** What the library reads from a response besides its body: backoff hints and request ids. */
const READABLE_RESPONSE_HEADERS = ['retry-after', 'retry-after-ms', 'x-request-id', 'request-id', 'x-goog-request-id', 'cf-ray'];

const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * Lets a page served from another loopback origin (a dev server, a browser test) call the
 * simulated server, and answers its preflights. Any other origin gets no CORS headers, so the
 * browser keeps blocking it: the server is a test tool, not something to expose to the web.
 * Returns true when the request was a preflight and has been answered.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  if (origin && isLoopbackOrigin(origin)) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-expose-headers', READABLE_RESPONSE_HEADERS.join(', '));
  }
  res.setHeader('vary', 'origin');
  if (req.method !== 'OPTIONS') return false;

  if (res.hasHeader('access-control-allow-origin')) {
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    res.setHeader('access-control-allow-headers', allowedHeaders(req.headers['access-control-request-headers']).join(', '));
    res.setHeader('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS));
  }
  res.writeHead(204);
  res.end();
  return true;
}

/** The providers' headers, plus any custom ones the page asks for (a `headers` option of its own). */
function allowedHeaders(requested: string | undefined): string[] {
  const asked = (requested ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  return [...new Set([...PROVIDER_REQUEST_HEADERS, ...asked])];
}

function isLoopbackOrigin(origin: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(origin).hostname;
  } catch {
    return false;
  }
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
