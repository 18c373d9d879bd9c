import { metrics } from '@opentelemetry/api';
import { MeterProvider, MetricReader, type HistogramMetricData } from '@opentelemetry/sdk-metrics';
import { lastValueFrom } from 'rxjs';
import { ConfigurationError, PersonaGenerator, type GeneratorOptions } from '../../lib';
import { optionalModule, otelApi } from '../../lib/telemetry/otel-api';
import { telemetryFor } from '../../lib/telemetry/telemetry';
import { useFakeServer } from '../support/fake-server';
import { recordSpans } from './support';

/** Collects on demand: what an exporter would be sent next. */
class CollectingReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

describe('telemetry options', () => {
  it.each<[string, GeneratorOptions]>([
    ['a tracerProvider without getTracer', { tracerProvider: { startSpan: () => undefined } as never }],
    ['a tracerProvider that is a string', { tracerProvider: 'jaeger' as never }],
    ['telemetry: true (only false or an object)', { telemetry: true as never }],
    ['recordContent that is not a boolean', { telemetry: { recordContent: 'yes' as never } }],
    ['an unknown telemetry key', { telemetry: { recordPrompts: true } as never }],
  ])('refuses %s with ConfigurationError', (_name, options) => {
    expect(() => new PersonaGenerator({ provider: 'simulated', ...options })).toThrow(ConfigurationError);
  });

  it('traces nothing without @opentelemetry/api, or when turned off', () => {
    const provider = recordSpans().provider;
    expect(telemetryFor({ telemetry: { recordContent: false }, tracerProvider: provider }, () => undefined)).toBeUndefined();
    expect(telemetryFor({ telemetry: false, tracerProvider: provider })).toBeUndefined();
    expect(telemetryFor({ telemetry: { recordContent: true } })).toMatchObject({ recordContent: true });
  });

  it('loads an optional module only when it can: one that is absent or throws is none', () => {
    expect(optionalModule(() => require('@opentelemetry/not-a-package'))).toBeUndefined();
    expect(
      optionalModule(() => {
        throw new TypeError('broken');
      }),
    ).toBeUndefined();
    expect(otelApi()).toBe(require('@opentelemetry/api'));
    expect(otelApi()).toBe(otelApi());
  });
});

describe('GenAI client metrics', () => {
  const server = useFakeServer();
  const reader = new CollectingReader();
  beforeAll(() => metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] })));
  afterAll(() => metrics.disable());

  it('records gen_ai.client.token.usage per token type and gen_ai.client.operation.duration per attempt, failed ones with error.type', async () => {
    server.current.enqueue({ status: 500 }, { usage: { inputTokens: 200, outputTokens: 80 } });
    const generator = new PersonaGenerator({ provider: 'openai', baseURL: server.current.url, retryBaseDelayMs: 1, tracerProvider: recordSpans().provider });
    await lastValueFrom(generator.generate$({ count: 1, data: 'P1: "Exports are slow."' }));
    const { resourceMetrics } = await reader.collect();
    const all = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics) as HistogramMetricData[];
    const named = (name: string) => all.find((metric) => metric.descriptor.name === name)!;
    const usage = named('gen_ai.client.token.usage');
    expect(usage.descriptor.unit).toBe('{token}');
    expect(usage.dataPoints.map((point) => [point.attributes['gen_ai.token.type'], point.value.sum])).toEqual([
      ['input', 200],
      ['output', 80],
    ]);
    expect(usage.dataPoints[0].attributes).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'server.address': '127.0.0.1' });
    const duration = named('gen_ai.client.operation.duration');
    expect(duration.descriptor.unit).toBe('s');
    expect(duration.dataPoints.map((point) => [point.attributes['error.type'], point.value.count])).toEqual([
      ['500', 1],
      [undefined, 1],
    ]);
    expect(duration.dataPoints.every((point) => (point.value.sum ?? 0) > 0 && (point.value.sum ?? 0) < 60)).toBe(true);
  });
});
