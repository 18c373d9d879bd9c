import { filter, map, type Observable } from 'rxjs';
import { ProviderError, TimeoutError } from '../errors';
import type { GeneratorContext } from '../generation/run-context';
import { failureToError } from '../providers/provider-error';
import { deadline } from '../resilience/deadline';
import { retrying, type RetryNotice } from '../resilience/retrying';
import { batchRequestSpan } from '../telemetry/batch-spans';
import { httpRequest$, type HttpRequestSpec } from '../transport/http-request';

/**
 * One request to a batch endpoint, as a live run makes its requests: a limiter slot per attempt,
 * `requestTimeoutMs` per attempt, transient failures retried with the generator's policy. Emits
 * the whole response body as text, of at most `answers` times `maxResponseBytes` (a results file
 * holds one answer per request).
 */
export function batchText$(generator: GeneratorContext, spec: HttpRequestSpec, answers = 1): Observable<string> {
  const { options, limiter, provider } = generator;
  const { adapter } = provider;
  const attempt$ = (attempt: number): Observable<string> =>
    limiter.run(
      httpRequest$(spec, { stream: false, maxResponseBytes: options.maxResponseBytes * Math.max(1, answers), toError: (failure) => failureToError(adapter.name, failure, adapter.errorMessage) }).pipe(
        deadline(
          options.requestTimeoutMs,
          () =>
            new TimeoutError(`Batch request attempt ${attempt} exceeded requestTimeoutMs (${options.requestTimeoutMs} ms)`, {
              stage: 'request',
              timeoutMs: options.requestTimeoutMs,
              retryable: true,
            }),
        ),
        batchRequestSpan(generator, spec, attempt),
      ),
    );
  return retrying(attempt$, {
    maxRetries: options.maxRetries,
    baseDelayMs: options.retryBaseDelayMs,
    maxDelayMs: options.retryMaxDelayMs,
  }).pipe(filter((item): item is string => !isRetryNotice(item)));
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
