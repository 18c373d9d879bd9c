import { map, timeout, type Observable, throwError } from 'rxjs';
import { ProviderError, TimeoutError } from '../errors';
import { failureToError, providerErrorFor } from '../providers/provider-error';
import type { ChatRequest, ProviderAdapter, ProviderChunk } from '../providers/provider';
import type { ResolvedProvider } from '../providers/connection';
import { flatMapSync } from '../operators/flat-map-sync';
import { httpRequest$ } from '../transport/http-request';
import { ndjsonFrames } from '../transport/ndjson-frames';
import { sseFrames, type WireFrame } from '../transport/sse-frames';

export type ResponseChunk = Exclude<ProviderChunk, { type: 'error' }>;

function malformed(adapter: ProviderAdapter, what: string): ProviderError {
  return new ProviderError(`${adapter.name} sent a malformed ${what}`, { provider: adapter.name, retryable: false });
}

function decode<T>(adapter: ProviderAdapter, what: string, parse: () => T): T {
  try {
    return parse();
  } catch {
    throw malformed(adapter, what);
  }
}

function raise(adapter: ProviderAdapter, chunk: ProviderChunk): ResponseChunk {
  if (chunk.type === 'error') throw providerErrorFor(adapter.name, chunk.status, chunk.message);
  return chunk;
}

/**
 * One HTTP attempt: the request, the provider's framing and its frames, as text and usage chunks.
 * Errors the provider reports inside a stream come out as the same typed errors as HTTP ones.
 */
export function providerResponse$(
  { adapter, connection }: ResolvedProvider,
  chat: ChatRequest,
  idleTimeoutMs: number,
): Observable<ResponseChunk> {
  const body$ = httpRequest$(adapter.toRequest(chat, connection), {
    stream: chat.stream,
    toError: (failure) => failureToError(adapter.name, failure, adapter.errorMessage),
  });
  const chunks$ = chat.stream
    ? body$.pipe(
        timeout({
          each: idleTimeoutMs,
          with: () =>
            throwError(
              () =>
                new TimeoutError(`${adapter.name} stream was silent for ${idleTimeoutMs} ms`, {
                  stage: 'receive',
                  timeoutMs: idleTimeoutMs,
                  retryable: true,
                }),
            ),
        }),
        adapter.framing === 'sse' ? sseFrames() : ndjsonFrames(),
        flatMapSync((frame: WireFrame) => decode(adapter, 'stream frame', () => adapter.parseFrame(frame))),
      )
    : body$.pipe(flatMapSync((body) => decode(adapter, 'response body', () => adapter.parseWhole(JSON.parse(body)))));
  return chunks$.pipe(map((chunk) => raise(adapter, chunk)));
}
