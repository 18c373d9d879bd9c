import { runEvidenceBench } from './evidence';
import { runOverheadBench } from './overhead';
import { runParallelBench } from './parallel';
import { runPeersBench } from './peers';
import { runRateLimitBench } from './rate-limit';

/**
 * persona-rx side by side with its peers; with `--all`, also its own overhead (cancellation
 * latency included), batch and rate-limit benchmarks. Each reports ratios against a baseline measured in the same run.
 */
async function main(): Promise<void> {
  await runPeersBench();
  if (!process.argv.includes('--all')) return;
  await runOverheadBench();
  await runParallelBench();
  runEvidenceBench();
  await runRateLimitBench();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
