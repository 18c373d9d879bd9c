import type { Attributes } from '@opentelemetry/api';
import type { MonoTypeOperatorFunction, Observable } from 'rxjs';
import type { ProviderBatchEvent } from '../events/provider-batch-event';
import type { GeneratorContext } from '../generation/run-context';
import type { HttpRequestSpec } from '../transport/http-request';
import { genAiProviderName, serverAttributes } from './gen-ai';
import { OpenSpan } from './open-span';
import { spanned$ } from './spanned';

/**
 * Following a provider batch as the span `persona.batch` (`submit` or `resume`), a child of the
 * context active at subscribe: its requests (upload, submission, every poll, the results) are
 * its children, the provider's batch id and each status change are on it.
 */
export function batchSpan$(
  generator: GeneratorContext,
  operation: 'submit' | 'resume',
  body: (generator: GeneratorContext) => Observable<ProviderBatchEvent>,
): Observable<ProviderBatchEvent> {
  const { telemetry, provider } = generator;
  return spanned$(
    () =>
      telemetry &&
      OpenSpan.start(telemetry, 'persona.batch', {
        'persona.batch.operation': operation,
        'gen_ai.provider.name': genAiProviderName(provider.adapter.name),
        'gen_ai.request.model': provider.model,
      }),
    (span) => body(span ? { ...generator, span } : generator),
    { next: recordBatchEvent },
  );
}

function recordBatchEvent(span: OpenSpan, event: ProviderBatchEvent): void {
  if (event.type === 'submitted') span.span.setAttributes({ 'persona.batch.id': event.batchId, 'persona.batch.jobs': event.total });
  else if (event.type === 'status') {
    span.span.addEvent('persona.batch.status', { 'persona.batch.status': event.status, 'persona.batch.completed': event.completed, 'persona.batch.failed': event.failed });
  }
}

/**
 * One HTTP attempt at a batch endpoint as a client span `persona.batch.request`, under the batch's
 * span when there is one, else under the context active when it starts.
 */
export function batchRequestSpan<T>(generator: GeneratorContext, spec: HttpRequestSpec, attempt: number): MonoTypeOperatorFunction<T> {
  const { telemetry } = generator;
  if (!telemetry) return (response$) => response$;
  return (response$) =>
    spanned$(
      () => OpenSpan.start(telemetry, 'persona.batch.request', requestAttributes(generator, spec, attempt), generator.span?.context, telemetry.api.SpanKind.CLIENT),
      () => response$,
    );
}

function requestAttributes({ provider }: GeneratorContext, spec: HttpRequestSpec, attempt: number): Attributes {
  const url = new URL(spec.url);
  return {
    'gen_ai.provider.name': genAiProviderName(provider.adapter.name),
    'http.request.method': spec.method ?? 'POST',
    // The path names the batch or file asked for; the query string, which could carry a key, is left out.
    'url.path': url.pathname,
    ...serverAttributes(spec.url),
    'persona.attempt': attempt,
  };
}
