import { randomUUID } from 'node:crypto';
import { lastValueFrom, toArray } from 'rxjs';
import { Experiment, PersonaGenerator, type GenerationResult } from '../../lib/node';
import { runJob$ } from '../../lib/queue/run-job';
import { useTempDir } from '../data/support/temp-dir';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';

const server = useFakeServer();
const dir = useTempDir();

describe('runJob$ with an experiment', () => {
  it('saves a job’s run once: the same job redone (its worker died after saving) replays the saved run', async () => {
    const experiment = await Experiment.acreate({ name: 'queue-jobs', baseDir: dir.path });
    const generator = new PersonaGenerator({ provider: 'openai', baseURL: server.current.url, apiKey: 'sk-run-job-test-1', experiment });
    const data = { batch: randomUUID(), index: 3, config: { count: 2, data: RESEARCH_NOTES } } as never;
    const resultOf = async (): Promise<GenerationResult> => {
      const events = await lastValueFrom(runJob$(generator, data, undefined, true).pipe(toArray()));
      return (events.at(-1) as { result: GenerationResult }).result;
    };
    const first = await resultOf();
    const again = await resultOf();
    expect(first.resumed).toBeUndefined();
    expect(first.outputDir).toBeDefined();
    expect(again).toMatchObject({ resumed: true, runId: first.runId });
    expect(server.current.requests).toHaveLength(1);
    expect(await experiment.alistRuns()).toHaveLength(1);
  });
});
