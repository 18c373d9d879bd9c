import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** The official SDK recording every ended span in memory, for one test. */
export interface RecordedSpans {
  provider: BasicTracerProvider;
  exporter: InMemorySpanExporter;
  /** The ended spans, in the order they ended. */
  spans(): ReadableSpan[];
  named(name: string): ReadableSpan[];
}

export function recordSpans(): RecordedSpans {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
  return { provider, exporter, spans, named: (name) => spans().filter((span) => span.name === name) };
}

export const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;
export const idOf = (span: ReadableSpan): string => span.spanContext().spanId;

/** Every attribute value and event attribute of the spans, as one text to search. */
export function recordedText(spans: readonly ReadableSpan[]): string {
  return JSON.stringify(spans.map((span) => ({ name: span.name, attributes: span.attributes, status: span.status, events: span.events })));
}
