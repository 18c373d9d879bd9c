import type { Attributes, Context, Span, SpanKind } from '@opentelemetry/api';
import { ProviderError } from '../errors';
import { redactSecrets } from '../errors/redact';
import type { Telemetry } from './telemetry';

/**
 * A span the library opened, ended exactly once however the work it covers ends: completed,
 * failed, or abandoned by an unsubscribe. `context` is the span's own, for its children.
 */
export class OpenSpan {
  private ended = false;

  constructor(
    readonly telemetry: Telemetry,
    readonly span: Span,
    readonly context: Context,
  ) {}

  /** Starts `name` as a child of `parent` (the context active now when left out). */
  static start(telemetry: Telemetry, name: string, attributes: Attributes, parent?: Context, kind?: SpanKind): OpenSpan {
    const { api, tracer } = telemetry;
    const within = parent ?? api.context.active();
    const span = tracer.startSpan(name, { attributes, ...(kind === undefined ? {} : { kind }) }, within);
    return new OpenSpan(telemetry, span, api.trace.setSpan(within, span));
  }

  /** Whether anything records it: attributes that cost something to compute are skipped when not. */
  get recording(): boolean {
    return this.span.isRecording();
  }

  child(name: string, attributes: Attributes, kind?: SpanKind): OpenSpan {
    return OpenSpan.start(this.telemetry, name, attributes, this.context, kind);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.span.end();
  }

  /** Ends it as failed: status ERROR with the (redacted) message, and `error.type`. */
  fail(error: unknown): void {
    if (this.ended) return;
    const message = error instanceof Error ? error.message : String(error);
    this.span.setAttribute('error.type', errorType(error));
    this.span.setStatus({ code: this.telemetry.api.SpanStatusCode.ERROR, message: redactSecrets(message) });
    this.end();
  }

  /** Ends it as given up by its subscriber: neither a success nor a failure. */
  cancel(): void {
    if (this.ended) return;
    this.span.setAttribute('persona.cancelled', true);
    this.end();
  }
}

/** `error.type` as the conventions ask: the HTTP status a provider answered with, else the error's class. */
export function errorType(error: unknown): string {
  if (error instanceof ProviderError && error.status !== undefined) return String(error.status);
  if (error instanceof Error) return error.name;
  return '_OTHER';
}
