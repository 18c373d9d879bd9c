import { runCacheSweepBench } from './cache-sweep';
import { runEvidenceBench } from './evidence';
import { runOverheadBench } from './overhead';
import { runParallelBench } from './parallel';
import { runPeersBench } from './peers';
import { runRateLimitBench } from './rate-limit';
import { runTelemetryBench } from './telemetry';

/**
 * persona-rx side by side with its peers; with `--all`, also its own overhead (cancellation
 * latency included), batch, rate-limit and tracing benchmarks (`--telemetry`: tracing alone). Each reports ratios against a baseline measured in the same run.
 */
async function main(): Promise<void> {
  if (process.argv.includes('--telemetry')) return runTelemetryBench();
  if (process.argv.includes('--cache')) return runCacheSweepBench();
  await runPeersBench();
  if (!process.argv.includes('--all')) return;
  await runOverheadBench();
  await runParallelBench();
  runEvidenceBench();
  await runRateLimitBench();
  await runTelemetryBench();
  await runCacheSweepBench();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
