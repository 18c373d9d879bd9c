import { runOverheadBench } from './overhead';

/** Every benchmark, each reporting ratios against a baseline measured in the same run. */
async function main(): Promise<void> {
  await runOverheadBench();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
