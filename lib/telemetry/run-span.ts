import type { Attributes } from '@opentelemetry/api';
import type { Observable } from 'rxjs';
import type { GenerationEvent } from '../events/generation-event';
import type { ResolvedProvider } from '../providers/connection';
import type { ResolvedPersonaConfig } from '../schemas/config';
import type { GenerationResult } from '../schemas/result';
import { genAiProviderName } from './gen-ai';
import { OpenSpan } from './open-span';
import { spanned$ } from './spanned';
import type { Telemetry } from './telemetry';

/** What a run span says before the run starts. */
export interface RunDescription {
  provider: ResolvedProvider;
  config: ResolvedPersonaConfig;
}

/**
 * A run as the span `persona.generate`: a child of the context active when it is subscribed,
 * ended however the run ends. `body` gets the span to hang the run's requests under; retries
 * become events, and the result's figures its attributes.
 */
export function runSpan$(telemetry: Telemetry | undefined, run: RunDescription, body: (span: OpenSpan | undefined) => Observable<GenerationEvent>): Observable<GenerationEvent> {
  return spanned$(() => telemetry && OpenSpan.start(telemetry, 'persona.generate', runAttributes(run)), body, { next: recordEvent });
}

function runAttributes({ provider, config }: RunDescription): Attributes {
  return {
    'gen_ai.provider.name': genAiProviderName(provider.adapter.name),
    'gen_ai.request.model': provider.model,
    'persona.count': config.count,
  };
}

function recordEvent(span: OpenSpan, event: GenerationEvent): void {
  if (event.type === 'retry') {
    span.span.addEvent('persona.retry', {
      'persona.retry.attempt': event.attempt,
      'persona.retry.delay_ms': event.delayMs,
      ...(event.status === undefined ? {} : { 'error.type': String(event.status) }),
    });
  }
  else if (event.type === 'result') span.span.setAttributes(resultAttributes(event.result));
}

function resultAttributes(result: GenerationResult): Attributes {
  return {
    'persona.run_id': result.runId,
    'persona.personas': result.personas.length,
    'persona.attempts': result.attempts,
    'persona.quotes.verified': result.quality.quotesVerified,
    'persona.quotes.total': result.quality.quotesTotal,
    ...(result.resumed ? { 'persona.resumed': true } : {}),
  };
}
