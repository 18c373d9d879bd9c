import { metrics, trace } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { lastValueFrom } from 'rxjs';
import { PersonaGenerator, type GeneratorOptions } from '../lib';
import { startFakeLlmServer } from '../lib/testing';
import { race } from './overhead';

const RUNS = 2400;
const ROUNDS = 24;
const DATA = 'P1: "I want one dashboard." P2: "Exports are too slow, I hate waiting."';

/** A reader nobody reads: the SDK aggregates every measurement, as it would between two exports. */
class HeldReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * What tracing adds to a whole-mode run on a zero-latency loopback server (the worst case: the
 * run is all overhead, no model time): tracing off, the API with no SDK (no-op spans), and the
 * official SDK recording every span and metric in memory, exporting each span as it ends and in
 * batches. Ratios to "off", measured in one run.
 */
export async function runTelemetryBench(): Promise<void> {
  const server = await startFakeLlmServer();
  const exporter = new InMemorySpanExporter();
  try {
    trace.disable();
    metrics.disable();
    const generatorWith = (options: GeneratorOptions): PersonaGenerator =>
      new PersonaGenerator({ provider: 'openai', baseURL: server.url, apiKey: 'sk-bench-000000', stream: false, ...options });
    const off = generatorWith({ telemetry: false });
    const noop = generatorWith({});
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [new HeldReader()] }));
    const recordingWith = (processor: SpanProcessor) => generatorWith({ tracerProvider: new BasicTracerProvider({ spanProcessors: [processor] }) });
    const batched = new BatchSpanProcessor(exporter);
    const recording = recordingWith(new SimpleSpanProcessor(exporter));
    const recordingBatched = recordingWith(batched);
    const once = (generator: PersonaGenerator) => async () => {
      await lastValueFrom(generator.generate$({ count: 3, data: DATA }));
      // Spans are kept until an exporter would send them on; a real exporter lets them go.
      if (exporter.getFinishedSpans().length >= 200) exporter.reset();
    };
    const totals = await race(
      {
        off: once(off),
        'no-op (API, no SDK)': once(noop),
        'recording (in-memory SDK, span by span)': once(recording),
        'recording (in-memory SDK, batched)': once(recordingBatched),
      },
      { runs: RUNS, rounds: ROUNDS },
    );
    await batched.shutdown();
    const ratio = (name: string): number => totals[name] / totals.off - 1;
    const verdict = (cost: number, target: number): string => `${(cost * 100).toFixed(2)}% (target <= ${target * 100}%: ${cost <= target ? 'met' : 'NOT met'})`;
    console.log(`telemetry: ${RUNS} sequential whole-mode generations each, zero latency, loopback server`);
    console.log(`  ${Object.entries(totals).map(([name, ms]) => `${name} ${ms.toFixed(0)} ms (${(ms / RUNS).toFixed(3)} ms/run)`).join(', ')}`);
    console.log(`  no-op cost ${verdict(ratio('no-op (API, no SDK)'), 0.02)}`);
    console.log(
      `  recording cost: span by span (SimpleSpanProcessor) ${verdict(ratio('recording (in-memory SDK, span by span)'), 0.1)}; ` +
        `batched (BatchSpanProcessor, as exporters run in production) ${verdict(ratio('recording (in-memory SDK, batched)'), 0.1)}`,
    );
  } finally {
    metrics.disable();
    await server.close();
  }
}
