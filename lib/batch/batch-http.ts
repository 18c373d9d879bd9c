import { filter, map, type Observable } from 'rxjs';
import { ProviderError } from '../errors';
import { attemptDeadline, limitedRequest$, retryPolicyOf } from '../generation/limited-response';
import type { GeneratorContext } from '../generation/run-context';
import { providerFailure } from '../providers/provider-error';
import { retrying, type RetryNotice } from '../resilience/retrying';
import { batchRequestSpan } from '../telemetry/batch-spans';
import { httpRequest$, type HttpRequestSpec } from '../transport/http-request';

/**
 * One request to a batch endpoint, made as a live run makes its requests (the same limiter ticket,
 * deadline, retry policy and typed errors): the adaptive limiter sees its response head, its
 * rate-limit headers and its 429s. Emits the whole response body as text, of at most `answers`
 * times `maxResponseBytes` (a results file holds one answer per request).
 */
export function batchText$(generator: GeneratorContext, spec: HttpRequestSpec, answers = 1): Observable<string> {
  const { options, limiter, provider } = generator;
  const maxResponseBytes = options.maxResponseBytes * Math.max(1, answers);
  const attempt$ = (attempt: number): Observable<string> =>
    limitedRequest$(
      limiter,
      (onResponse) => httpRequest$(spec, { stream: false, maxResponseBytes, toError: providerFailure(provider.adapter, provider.connection.baseURL), onResponse }),
      (response$: Observable<string>) =>
        response$.pipe(attemptDeadline<string>(options.requestTimeoutMs, `Batch request attempt ${attempt}`), batchRequestSpan(generator, spec, attempt)),
    );
  return retrying(attempt$, retryPolicyOf(options)).pipe(filter((item): item is string => !isRetryNotice(item)));
}

/** `batchText$` for a JSON answer; a body that is not JSON is a malformed answer, not retried. */
export function batchJson$(generator: GeneratorContext, spec: HttpRequestSpec): Observable<unknown> {
  const provider = generator.provider.adapter.name;
  return batchText$(generator, spec).pipe(
    map((text) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new ProviderError(`${provider} sent a batch answer that is not JSON`, { provider, retryable: false });
      }
    }),
  );
}

function isRetryNotice(item: string | RetryNotice): item is RetryNotice {
  return typeof item !== 'string';
}
