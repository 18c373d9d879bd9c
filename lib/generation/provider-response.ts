import { Observable, type OperatorFunction } from 'rxjs';
import { ProviderError, TimeoutError, type PersonaError } from '../errors';
import { providerErrorFor, providerFailure } from '../providers/provider-error';
import { tokenLimitError } from '../providers/token-limit';
import type { ChatRequest, ProviderAdapter, ProviderChunk } from '../providers/provider';
import type { ResolvedProvider } from '../providers/connection';
import { idleTimeout } from '../operators/idle-timeout';
import { httpRequest$, type ResponseHead } from '../transport/http-request';
import { ndjsonFramer } from '../transport/ndjson-framer';
import type { WireFrame } from '../transport/framer';
import { sseFramer } from '../transport/sse-framer';

/** What an answer says: text, usage and, once, that it is complete. Errors it reports are thrown instead. */
export type ResponseChunk = Exclude<ProviderChunk, { type: 'error' }>;

export interface ResponseOptions {
  idleTimeoutMs: number;
  /** The most bytes of answer accepted; past it the attempt fails with ParseError as the bytes arrive. */
  maxResponseBytes: number;
  /** Told of the response's status and headers as soon as they arrive. */
  onResponse?: (head: ResponseHead) => void;
}

/**
 * One HTTP attempt: the request, the provider's framing and its frames, as one batch of chunks per
 * arrival of bytes (so that what follows runs once per arrival, not once per frame). A stream that
 * stays silent for `idleTimeoutMs` fails with a retryable TimeoutError.
 */
export function providerResponse$(
  { adapter, connection }: ResolvedProvider,
  chat: ChatRequest,
  { idleTimeoutMs, maxResponseBytes, onResponse }: ResponseOptions,
): Observable<ResponseChunk[]> {
  const body$ = httpRequest$(adapter.toRequest(chat, connection), {
    stream: chat.stream,
    maxResponseBytes,
    toError: providerFailure(adapter, connection.baseURL),
    onResponse,
  });
  if (!chat.stream) return body$.pipe(providerChunks(adapter, chat));
  const silent = (): TimeoutError =>
    new TimeoutError(`${adapter.name} stream was silent for ${idleTimeoutMs} ms`, { stage: 'receive', timeoutMs: idleTimeoutMs, retryable: true });
  return body$.pipe(idleTimeout(idleTimeoutMs, silent), providerChunks(adapter, chat));
}

/** What one read of a provider's answer holds: the chunks it answered, and the failure it reported after them, if any. */
export interface ReadChunks {
  answered: ResponseChunk[];
  failure?: PersonaError;
}

/**
 * The core of reading an answer, live or from a provider batch: chunks the adapter cannot read are
 * a malformed `what`, errors reported inside the answer become the same typed errors as HTTP ones,
 * and an answer the provider stopped at the token limit is cut short: a ParseError naming
 * `maxTokens`, not retried. What arrived before a failure is kept: the provider did emit it.
 */
export function readChunks(adapter: ProviderAdapter, maxTokens: number, read: () => ProviderChunk[], what: string): ReadChunks {
  let chunks: ProviderChunk[];
  try {
    chunks = read();
  } catch {
    throw new ProviderError(`${adapter.name} sent a malformed ${what}`, { provider: adapter.name, retryable: false });
  }
  const failedAt = chunks.findIndex((chunk) => chunk.type === 'error' || (chunk.type === 'end' && chunk.reason === 'token-limit'));
  if (failedAt < 0) return { answered: chunks as ResponseChunk[] };
  const answered = chunks.slice(0, failedAt) as ResponseChunk[];
  const failure = chunks[failedAt];
  return {
    answered,
    failure: failure.type === 'error' ? providerErrorFor(adapter.name, failure.status, failure.message) : tokenLimitError(adapter.name, maxTokens),
  };
}

/**
 * Decoded body text to the provider's chunks, read as `readChunks` says; a stream that closes
 * before the provider said it was complete is a cut connection: retryable.
 */
function providerChunks(adapter: ProviderAdapter, { stream, maxTokens }: ChatRequest): OperatorFunction<string, ResponseChunk[]> {
  return (source) =>
    new Observable<ResponseChunk[]>((subscriber) => {
      const framer = stream ? (adapter.framing === 'sse' ? sseFramer() : ndjsonFramer()) : undefined;
      const framesOf = (frames: WireFrame[]): ProviderChunk[] => frames.flatMap((frame) => adapter.parseFrame(frame));
      const what = framer ? 'stream frame' : 'response body';
      let ended = false;
      const emit = (read: () => ProviderChunk[]): void => {
        const { answered, failure } = readChunks(adapter, maxTokens, read, what);
        if (answered.some((chunk) => chunk.type === 'end')) ended = true;
        if (answered.length > 0) subscriber.next(answered);
        if (failure) throw failure;
      };
      return source.subscribe({
        next: (text) => {
          try {
            emit(framer ? () => framesOf(framer.push(text)) : () => adapter.parseWhole(JSON.parse(text)));
          } catch (error) {
            subscriber.error(error);
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          try {
            if (framer) {
              emit(() => framesOf(framer.end()));
              if (!ended) throw new ProviderError(`${adapter.name} closed the stream before the answer was complete`, { provider: adapter.name, retryable: true });
            }
            subscriber.complete();
          } catch (error) {
            subscriber.error(error);
          }
        },
      });
    });
}
