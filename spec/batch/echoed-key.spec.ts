import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Experiment, type BatchOutcome } from '../../lib/node';
import { useTempDir } from '../data/support/temp-dir';
import { RESEARCH_NOTES } from '../support/fake-server';
import { batchGenerator, collect, FAST, useBatchServer, type BatchProvider } from './support';

const dir = useTempDir();
const startServer = useBatchServer();

/** Every file under `path`, with its text. */
function filesUnder(path: string): { file: string; text: string }[] {
  return readdirSync(path, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = join(entry.parentPath, entry.name);
      return { file, text: readFileSync(file, 'utf8') };
    });
}

describe.each<BatchProvider>(['openai', 'anthropic'])('a key the %s batch service echoes', (provider) => {
  const key = `sk-${provider}-test-key-0000`;
  const echo = `<reasoning>The header said ${key}.</reasoning><output>{"personas":[{"name":"Key ${key}","quotes":["my key is ${key}"]}]}</output>`;

  it('is in no job event, no error and no saved run file, as in a live run', async () => {
    const server = await startServer({
      batches: { lineTexts: { 0: echo }, lineFaults: { 1: { status: 400, message: `bad request for ${key}` } } },
    });
    const experiment = await Experiment.acreate({ name: 'echo', baseDir: dir.path, provider });
    const configs = [0, 1].map(() => ({ count: 1, data: RESEARCH_NOTES }));
    const events = await collect(batchGenerator(server, provider, { experiment }).submitBatch$(configs, FAST));

    const outcomes = events.flatMap((event): BatchOutcome[] => (event.type === 'job' ? [event.outcome] : []));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected']);
    const [answered, refused] = outcomes;
    if (answered.status !== 'fulfilled' || refused.status !== 'rejected') throw new Error('one answer, one refusal');
    expect(answered.value.personas[0]).toMatchObject({ name: 'Key [redacted]', quotes: ['my key is [redacted]'] });
    expect(answered.value.reasoning).toBe('The header said [redacted].');
    expect(refused.reason.message).toContain('[redacted]');

    expect(JSON.stringify(events)).not.toContain(key);
    expect(`${refused.reason.message} ${JSON.stringify(refused.reason)} ${String(refused.reason.stack)}`).not.toContain(key);
    const saved = filesUnder(experiment.path);
    expect(saved.some(({ file }) => file.endsWith('result.json'))).toBe(true);
    for (const { file, text } of saved) expect({ file, leaks: text.includes(key) }).toEqual({ file, leaks: false });
  });
});
