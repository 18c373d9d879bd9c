import {
  AuthenticationError,
  ProviderError,
  RateLimitError,
  type ContextWindowError,
  type ProviderErrorDetails,
} from '../errors';
import { contextWindowRefusal } from './context-window-refusal';
import type { HttpFailure, HttpRequestOptions } from '../transport/http-request';
import type { ProviderAdapter } from './provider';

const RETRYABLE_STATUSES = new Set([408, 409, 429]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status) || status >= 500;
}

/** Milliseconds to wait according to `retry-after-ms`, or `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Record<string, string>, now = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers['retry-after-ms'] ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers['retry-after'];
  if (!value) return undefined;
  const seconds = Number(value);
  // A number is never a date: Date.parse('-5') would read it as the year -5.
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-goog-request-id', 'cf-ray'];

/**
 * One mapping from an HTTP status (or its in-stream equivalent) to the typed error, for every
 * provider. A refusal of the prompt as too long is a ContextWindowError, never retried.
 */
export function providerErrorFor(
  provider: string,
  status: number,
  providerMessage: string | undefined,
  headers: Record<string, string> = {},
): ProviderError | ContextWindowError {
  const tooLong = contextWindowRefusal(status, providerMessage);
  if (tooLong) return tooLong;
  const details: ProviderErrorDetails = {
    provider,
    status,
    retryable: isRetryableStatus(status),
    requestId: REQUEST_ID_HEADERS.map((name) => headers[name]).find(Boolean),
    providerMessage,
  };
  const message = `${provider} responded ${status}${providerMessage ? `: ${providerMessage}` : ''}`;
  if (status === 401 || status === 403) return new AuthenticationError(message, details);
  if (status === 429) return new RateLimitError(message, { ...details, retryAfterMs: retryAfterMs(headers) });
  return new ProviderError(message, { ...details, retryAfterMs: retryAfterMs(headers) });
}

/** Where a request went: named in network errors, with the setting that moves it. */
export interface Endpoint {
  baseURL: string;
  /** The environment variable that sets the address (`OLLAMA_HOST`), when the provider has one. */
  baseURLEnv?: string;
}

/** A refused connection means nothing listens at the address: say where that was and what moves it. */
function networkMessage(provider: string, code: string, endpoint: Endpoint | undefined): string {
  if (!endpoint) return `Network error talking to ${provider}: ${code}`;
  const address = `Network error talking to ${provider} at ${endpoint.baseURL}: ${code}`;
  if (code !== 'ECONNREFUSED') return address;
  const settings = [endpoint.baseURLEnv, 'the baseURL option (--base-url)'].filter(Boolean).join(' or ');
  return `${address}: nothing is listening there. Start ${provider} there, or set ${settings} to where it runs`;
}

export function failureToError(
  provider: string,
  failure: HttpFailure,
  errorMessage: (body: unknown) => string | undefined,
  endpoint?: Endpoint,
): ProviderError | ContextWindowError {
  if (failure.kind === 'network') {
    return new ProviderError(networkMessage(provider, failure.code, endpoint), {
      provider,
      retryable: true,
    });
  }
  return providerErrorFor(provider, failure.status, errorMessage(parseJson(failure.body)) ?? excerpt(failure.body), failure.headers);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function excerpt(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed ? trimmed.slice(0, 200) : undefined;
}

/** How every request to a provider, live or to a batch endpoint, turns an HTTP failure into its typed error. */
export function providerFailure(adapter: ProviderAdapter, baseURL?: string): HttpRequestOptions['toError'] {
  const endpoint = baseURL === undefined ? undefined : { baseURL, baseURLEnv: adapter.baseURLEnv };
  return (failure) => failureToError(adapter.name, failure, adapter.errorMessage, endpoint);
}
