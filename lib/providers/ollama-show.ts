import { catchError, map, of, type Observable } from 'rxjs';
import { ProviderError } from '../errors';
import { httpRequest$ } from '../transport/http-request';
import { ollamaHeaders } from './ollama';
import type { Connection } from './provider';

// The answer is a model's description: a few kilobytes, its template and license included.
const MAX_SHOW_BYTES = 1024 * 1024;
// A context length outside this range is not one.
const MAX_CONTEXT_LENGTH = 100_000_000;

/**
 * The model's own context length from the body of Ollama's `/api/show`: `model_info`'s
 * `<architecture>.context_length`. Undefined when it is missing or not a sane token count.
 */
export function showContextLength(body: unknown): number | undefined {
  const info = (body as { model_info?: unknown } | null)?.model_info;
  if (typeof info !== 'object' || info === null) return undefined;
  const architecture = (info as Record<string, unknown>)['general.architecture'];
  const key = typeof architecture === 'string' ? `${architecture}.context_length` : undefined;
  const value = key !== undefined && Object.hasOwn(info, key) ? (info as Record<string, unknown>)[key] : undefined;
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value <= MAX_CONTEXT_LENGTH ? value : undefined;
}

/**
 * Asks the Ollama server for `model`'s context length (`POST /api/show`). A server that cannot
 * say (an old version, a proxy, a model it does not have) leaves it unknown rather than failing
 * the run: the request's own `num_ctx` still keeps the prompt whole.
 */
export function ollamaContextLength$(connection: Connection, model: string): Observable<number | undefined> {
  return httpRequest$(
    { url: `${connection.baseURL}/api/show`, headers: ollamaHeaders(connection), body: { model } },
    { stream: false, maxResponseBytes: MAX_SHOW_BYTES, toError: () => new ProviderError('ollama /api/show failed', { provider: 'ollama', retryable: false }) },
  ).pipe(
    map((text) => showContextLength(JSON.parse(text))),
    catchError(() => of(undefined)),
  );
}
