/**
 * Runs a resumable batch of six jobs, one at a time, bound to experiment `study`, and prints
 * `result <job>` the moment each job's result arrives, for a test that kills this process with
 * SIGKILL right then. Arguments: baseDir, server URL.
 */
import { PersonaGenerator, Experiment } from '../../../lib/node';
import { RESUMED_BATCH } from './resumed-batch';

const [baseDir, baseURL] = process.argv.slice(2);

async function main(): Promise<void> {
  const experiment = await Experiment.aload('study', { baseDir });
  const generator = new PersonaGenerator({ experiment, provider: 'openai', baseURL, apiKey: 'sk-child-key-123456', stream: false });
  generator.generateAll$(RESUMED_BATCH, { concurrency: 1, resumeKey: 'killed' }).subscribe(({ job, event }) => {
    if (event.type === 'result') process.stdout.write(`result ${job}\n`);
  });
  // Kept alive until killed.
  setInterval(() => undefined, 1000);
}

void main();
