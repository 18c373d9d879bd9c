import type { Histogram, Meter, Tracer, TracerProvider } from '@opentelemetry/api';
import { version } from '../../package.json';
import type { ResolvedGeneratorOptions } from '../schemas/options';
import { otelApi, type OtelApi } from './otel-api';

/** The GenAI client metrics, as the semantic conventions name and bucket them. */
export interface GenAiMetrics {
  readonly tokenUsage: Histogram;
  readonly operationDuration: Histogram;
}

/** What a generator traces with: the API, its tracer and meters, and whether content may be recorded. */
export interface Telemetry {
  readonly api: OtelApi;
  readonly tracer: Tracer;
  readonly metrics: GenAiMetrics;
  readonly recordContent: boolean;
}

const INSTRUMENTATION = 'persona-rx';

/**
 * A generator's telemetry: none when it is turned off or `@opentelemetry/api` is not installed.
 * The global tracer is a proxy, so an SDK registered after the generator was made still gets
 * its spans; the meter is taken from the global provider registered by then.
 */
export function telemetryFor(
  options: Pick<ResolvedGeneratorOptions, 'telemetry' | 'tracerProvider'>,
  loadApi: () => OtelApi | undefined = otelApi,
): Telemetry | undefined {
  if (options.telemetry === false) return undefined;
  const api = loadApi();
  if (!api) return undefined;
  const provider = (options.tracerProvider as TracerProvider | undefined) ?? api.trace.getTracerProvider();
  return {
    api,
    tracer: provider.getTracer(INSTRUMENTATION, version),
    metrics: genAiMetrics(api.metrics.getMeter(INSTRUMENTATION, version)),
    recordContent: options.telemetry.recordContent,
  };
}

function genAiMetrics(meter: Meter): GenAiMetrics {
  return {
    tokenUsage: meter.createHistogram('gen_ai.client.token.usage', {
      description: 'Measures number of input and output tokens used',
      unit: '{token}',
      advice: { explicitBucketBoundaries: [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864] },
    }),
    operationDuration: meter.createHistogram('gen_ai.client.operation.duration', {
      description: 'GenAI operation duration',
      unit: 's',
      advice: { explicitBucketBoundaries: [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92] },
    }),
  };
}
