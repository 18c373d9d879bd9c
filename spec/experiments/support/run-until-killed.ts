/**
 * Runs one generation bound to an experiment and reports how far it got on stdout, for a test
 * that kills this process with SIGKILL at that point. Arguments: baseDir, server URL, and where
 * to stop: `stream` (while tokens arrive) or `save` (the run written aside, not yet renamed).
 */
import fsPromises from 'node:fs/promises';
import { PersonaGenerator, Experiment } from '../../../lib/node';

const [baseDir, baseURL, stopAt] = process.argv.slice(2);

if (stopAt === 'save') {
  const rename = fsPromises.rename;
  // Freeze at the worst moment: every file of the run written into the staging area, the rename
  // into outputs/ not yet done.
  fsPromises.rename = (async (from, to) => {
    if (!String(to).includes('outputs')) return rename(from, to);
    process.stdout.write('staged\n');
    await new Promise(() => undefined);
  }) as typeof rename;
}

async function main(): Promise<void> {
  const experiment = await Experiment.aload('study', { baseDir });
  const generator = new PersonaGenerator({ experiment, provider: 'openai', baseURL, apiKey: 'sk-child-key-123456' });
  let announced = false;
  generator.generate$({ count: 3 }).subscribe((event) => {
    if (event.type === 'token' && !announced) {
      announced = true;
      process.stdout.write('streaming\n');
    }
  });
  // Kept alive until killed.
  setInterval(() => undefined, 1000);
}

void main();
