import { Observable, timeout, throwError, type OperatorFunction } from 'rxjs';
import { ProviderError, TimeoutError } from '../errors';
import { failureToError, providerErrorFor } from '../providers/provider-error';
import { tokenLimitError } from '../providers/token-limit';
import type { ChatRequest, ProviderAdapter, ProviderChunk } from '../providers/provider';
import type { ResolvedProvider } from '../providers/connection';
import type { ResolvedGeneratorOptions } from '../schemas/options';
import { flatMapSync } from '../operators/flat-map-sync';
import { httpRequest$ } from '../transport/http-request';
import { ndjsonFrames } from '../transport/ndjson-frames';
import { sseFrames, type WireFrame } from '../transport/sse-frames';

export type ResponseChunk = Exclude<ProviderChunk, { type: 'error' } | { type: 'end' }>;

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

/**
 * Errors reported inside a response become the same typed errors as HTTP ones, and a stream that
 * closes before the provider said it was complete is a cut connection: retryable.
 */
function checked(adapter: ProviderAdapter, { stream, maxTokens }: ChatRequest): OperatorFunction<ProviderChunk, ResponseChunk> {
  return (source) =>
    new Observable<ResponseChunk>((subscriber) => {
      let ended = false;
      return source.subscribe({
        next: (chunk) => {
          if (chunk.type === 'error') subscriber.error(providerErrorFor(adapter.name, chunk.status, chunk.message));
          else if (chunk.type === 'end' && chunk.reason === 'token-limit') subscriber.error(tokenLimitError(adapter.name, maxTokens));
          else if (chunk.type === 'end') ended = true;
          else subscriber.next(chunk);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          if (ended || !stream) subscriber.complete();
          else subscriber.error(new ProviderError(`${adapter.name} closed the stream before the answer was complete`, { provider: adapter.name, retryable: true }));
        },
      });
    });
}

/**
 * One HTTP attempt: the request, the provider's framing and its frames, as text and usage chunks.
 * Errors the provider reports inside a stream come out as the same typed errors as HTTP ones.
 */
export function providerResponse$(
  { adapter, connection }: ResolvedProvider,
  chat: ChatRequest,
  { idleTimeoutMs, maxResponseBytes }: Pick<ResolvedGeneratorOptions, 'idleTimeoutMs' | 'maxResponseBytes'>,
): Observable<ResponseChunk> {
  const body$ = httpRequest$(adapter.toRequest(chat, connection), {
    stream: chat.stream,
    maxResponseBytes,
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
  return chunks$.pipe(checked(adapter, chat));
}
