import { tap, type Observable } from 'rxjs';
import { approximateTokenCount } from '../cost/token-counter';
import type { ResolvedProvider } from '../providers/connection';
import type { ChatRequest } from '../providers/provider';
import type { ConcurrencyLimiter } from '../resilience/limiter';
import { providerResponse$, type ResponseChunk, type ResponseOptions } from './provider-response';

/** What a request may spend, as rate limits count it: its prompt, estimated, and all the output it may ask for. */
function requestTokens(chat: ChatRequest): number {
  return approximateTokenCount(chat.system + chat.prompt) + chat.maxTokens;
}

/**
 * One HTTP attempt behind the generator's limiter: it waits for a slot and for the rate budget,
 * then runs under `guard` (its deadline) and reports its response head and, once known, the
 * tokens it really used.
 */
export function limitedResponse$(
  limiter: ConcurrencyLimiter,
  provider: ResolvedProvider,
  chat: ChatRequest,
  options: Omit<ResponseOptions, 'onResponse'>,
  guard: (response$: Observable<ResponseChunk[]>) => Observable<ResponseChunk[]>,
): Observable<ResponseChunk[]> {
  return limiter.run(
    (ticket) =>
      guard(providerResponse$(provider, chat, { ...options, onResponse: ticket.onResponse })).pipe(
        tap((chunks) => {
          for (const chunk of chunks) {
            if (chunk.type === 'usage') ticket.onUsage((chunk.usage.inputTokens ?? 0) + (chunk.usage.outputTokens ?? 0));
          }
        }),
      ),
    requestTokens(chat),
  );
}
