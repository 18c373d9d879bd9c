import { tap, type Observable } from 'rxjs';
import { TimeoutError } from '../errors';
import { approximateTokenCount } from '../cost/token-counter';
import type { ResolvedProvider } from '../providers/connection';
import type { ChatRequest } from '../providers/provider';
import { deadline } from '../operators/deadline';
import type { ConcurrencyLimiter, RequestTicket } from '../resilience/limiter';
import type { RetryPolicy } from '../resilience/retrying';
import type { ResolvedGeneratorOptions } from '../schemas/options';
import type { ResponseHead } from '../transport/http-request';
import { providerResponse$, type ResponseChunk, type ResponseOptions } from './provider-response';

/** What a request may spend, as rate limits count it: its prompt, estimated, and all the output it may ask for. */
function requestTokens(chat: ChatRequest): number {
  return approximateTokenCount(chat.system + chat.prompt) + chat.maxTokens;
}

/** How every request of a generator, live or to a batch endpoint, is retried. */
export function retryPolicyOf({ maxRetries, retryBaseDelayMs, retryMaxDelayMs }: ResolvedGeneratorOptions): RetryPolicy {
  return { maxRetries, baseDelayMs: retryBaseDelayMs, maxDelayMs: retryMaxDelayMs };
}

/** An attempt's `requestTimeoutMs` deadline, its TimeoutError retryable and naming the stage `stage()` says it was in. */
export function attemptDeadline<T>(
  requestTimeoutMs: number,
  what: string,
  stage: () => 'request' | 'receive' = () => 'request',
): (response$: Observable<T>) => Observable<T> {
  return deadline(
    requestTimeoutMs,
    () => new TimeoutError(`${what} exceeded requestTimeoutMs (${requestTimeoutMs} ms)`, { stage: stage(), timeoutMs: requestTimeoutMs, retryable: true }),
  );
}

/**
 * One HTTP request behind the generator's limiter, live or to a batch endpoint: it waits for a
 * slot and for the rate budget (`tokens`), then runs under `guard` (its deadline), and reports its
 * response head (status, rate-limit headers, 429s) to the limiter as soon as it arrives.
 */
export function limitedRequest$<T>(
  limiter: ConcurrencyLimiter,
  request: (onResponse: (head: ResponseHead) => void) => Observable<T>,
  guard: (response$: Observable<T>) => Observable<T>,
  tokens = 0,
  /** Tells the limiter what a value says the request really used. */
  reportUsage?: (value: T, ticket: RequestTicket) => void,
): Observable<T> {
  return limiter.run((ticket) => {
    const response$ = guard(request(ticket.onResponse));
    return reportUsage ? response$.pipe(tap((value) => reportUsage(value, ticket))) : response$;
  }, tokens);
}

/**
 * One chat attempt behind the generator's limiter, charged its estimated tokens and corrected by
 * the tokens it really used, once known.
 */
export function limitedResponse$(
  limiter: ConcurrencyLimiter,
  provider: ResolvedProvider,
  chat: ChatRequest,
  options: Omit<ResponseOptions, 'onResponse'>,
  guard: (response$: Observable<ResponseChunk[]>) => Observable<ResponseChunk[]>,
): Observable<ResponseChunk[]> {
  return limitedRequest$(limiter, (onResponse) => providerResponse$(provider, chat, { ...options, onResponse }), guard, requestTokens(chat), reportUsage);
}

function reportUsage(chunks: ResponseChunk[], ticket: RequestTicket): void {
  for (const chunk of chunks) {
    if (chunk.type === 'usage') ticket.onUsage((chunk.usage.inputTokens ?? 0) + (chunk.usage.outputTokens ?? 0));
  }
}
