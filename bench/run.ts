import { runEvidenceBench } from './evidence';
import { runOverheadBench } from './overhead';
import { runParallelBench } from './parallel';
import { runRateLimitBench } from './rate-limit';

/** Every benchmark, each reporting ratios against a baseline measured in the same run. */
async function main(): Promise<void> {
  await runOverheadBench();
  await runParallelBench();
  runEvidenceBench();
  await runRateLimitBench();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
