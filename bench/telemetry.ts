import { metrics, trace } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { lastValueFrom } from 'rxjs';
import { PersonaGenerator, type GeneratorOptions } from '../lib';
import { startFakeLlmServer } from '../lib/testing';
import { race } from './overhead';

const RUNS = 3000;
const ROUNDS = 30;
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
 * official SDK recording every span and metric in memory. Ratios to "off", measured in one run.
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
    const recording = generatorWith({ tracerProvider: new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }) });
    const once = (generator: PersonaGenerator) => () => lastValueFrom(generator.generate$({ count: 3, data: DATA }));
    const totals = await race(
      {
        off: once(off),
        'no-op (API, no SDK)': once(noop),
        'recording (in-memory SDK)': async () => {
          await once(recording)();
          // Spans are kept until an exporter would send them; a real exporter sends them in batches.
          if (exporter.getFinishedSpans().length >= 200) exporter.reset();
        },
      },
      { runs: RUNS, rounds: ROUNDS },
    );
    const ratio = (name: string): number => totals[name] / totals.off - 1;
    const verdict = (cost: number, target: number): string => `${(cost * 100).toFixed(2)}% (target <= ${target * 100}%: ${cost <= target ? 'met' : 'NOT met'})`;
    console.log(`telemetry: ${RUNS} sequential whole-mode generations each, zero latency, loopback server`);
    console.log(`  ${Object.entries(totals).map(([name, ms]) => `${name} ${ms.toFixed(0)} ms (${(ms / RUNS).toFixed(3)} ms/run)`).join(', ')}`);
    console.log(`  no-op cost ${verdict(ratio('no-op (API, no SDK)'), 0.02)}; recording cost ${verdict(ratio('recording (in-memory SDK)'), 0.1)}`);
  } finally {
    metrics.disable();
    await server.close();
  }
}
