import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstValueFrom, of, throwError } from 'rxjs';
import { AsyncPersonaGenerator, Experiment, ExperimentError, type ProviderBatchEvent, type RunStore } from '../../lib/node';
import { useTempDir } from '../data/support/temp-dir';
import { RESEARCH_NOTES } from '../support/fake-server';
import { batchGenerator, cancels, collect, failureOf, FAST, FIVE_CONFIGS, submissions, useBatchServer, type BatchProvider } from './support';

const dir = useTempDir();
const startServer = useBatchServer();

const outcomesOf = (events: ProviderBatchEvent[]) => events.flatMap((event) => (event.type === 'job' ? [event.outcome] : []));

describe.each<BatchProvider>(['openai', 'anthropic'])('%s batch with an experiment', (provider) => {
  it('records the batch at submission, resumes by id alone after a restart, and saves each run once', async () => {
    const server = await startServer();
    const experiment = await Experiment.acreate({ name: 'study', baseDir: dir.path, provider });
    await experiment.aaddData([writeNotes(dir.path)]);
    const configs = FIVE_CONFIGS.map(({ count }) => ({ count }));

    // First process: submit, keep the id, go away without cancelling.
    const submitted = await firstValueFrom(batchGenerator(server, provider, { experiment }).submitBatch$(configs, { ...FAST, cancelOnUnsubscribe: false }));
    if (submitted.type !== 'submitted') throw new Error('the first event is `submitted`');
    const record = JSON.parse(readFileSync(join(experiment.path, 'batches', `${submitted.batchId}.json`), 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({ batchId: submitted.batchId, provider, configs: configs.map(expect.objectContaining) });

    // After a restart: a new experiment object and generator, the id alone.
    const reloaded = await Experiment.aload('study', { baseDir: dir.path });
    const resumed = outcomesOf(await collect(batchGenerator(server, provider, { experiment: reloaded }).resumeBatch$(submitted.batchId, undefined, FAST)));
    expect(resumed.map((outcome) => outcome.status === 'fulfilled' && outcome.value.personas.length)).toEqual([1, 2, 3, 4, 5]);
    for (const outcome of resumed) {
      if (outcome.status !== 'fulfilled') throw outcome.reason;
      expect(outcome.value.outputDir && existsSync(join(outcome.value.outputDir, 'result.json'))).toBe(true);
      expect(outcome.value.sourceFiles).toEqual(['notes.md']);
      expect(outcome.value.resumed).toBeUndefined();
    }
    expect(await reloaded.alistRuns()).toHaveLength(5);

    // Once more: the same runs come back, nothing is saved twice, nothing is submitted again.
    const again = outcomesOf(await collect(batchGenerator(server, provider, { experiment: reloaded }).resumeBatch$(submitted.batchId, undefined, FAST)));
    expect(again.map((outcome) => outcome.status === 'fulfilled' && outcome.value.resumed)).toEqual([true, true, true, true, true]);
    expect(again.map((outcome) => outcome.status === 'fulfilled' && outcome.value.runId)).toEqual(
      resumed.map((outcome) => outcome.status === 'fulfilled' && outcome.value.runId),
    );
    expect(await reloaded.alistRuns()).toHaveLength(5);
    expect(submissions(server)).toHaveLength(1);
    expect(cancels(server)).toHaveLength(0);
  });

  it('awaits the outcomes in input order with aresumeBatch, the id coming from the progress callback of asubmitBatch', async () => {
    const server = await startServer();
    const experiment = await Experiment.acreate({ name: 'promise', baseDir: dir.path, provider });
    const generator = new AsyncPersonaGenerator({
      provider,
      experiment,
      apiKey: 'sk-promise-key-0000',
      baseURL: provider === 'openai' ? server.url : server.origin,
    });
    const seen: string[] = [];
    const outcomes = await generator.asubmitBatch(FIVE_CONFIGS.slice(0, 3), {
      ...FAST,
      progressCallback: async (event) => {
        seen.push(event.type);
      },
    });
    expect(outcomes.map((outcome) => outcome.status === 'fulfilled' && outcome.value.personas.length)).toEqual([1, 2, 3]);
    expect(seen[0]).toBe('submitted');
    expect(seen.slice(-3)).toEqual(['job', 'job', 'job']);
    const batchId = (server.requests.find((request) => request.method === 'GET' && /batches\/[^/]+$/.test(request.path))?.path ?? '').split('/').pop() as string;
    const resumed = await generator.aresumeBatch(batchId);
    expect(resumed.map((outcome) => outcome.status === 'fulfilled' && outcome.value.resumed)).toEqual([true, true, true]);
    expect(await experiment.alistRuns()).toHaveLength(3);
  });
});

describe('provider batch records', () => {
  it('refuses to resume a batch recorded for another provider, and one never recorded', async () => {
    const server = await startServer();
    const experiment = await Experiment.acreate({ name: 'mixed', baseDir: dir.path });
    const submitted = await firstValueFrom(
      batchGenerator(server, 'anthropic', { experiment }).submitBatch$([{ count: 1, data: RESEARCH_NOTES }], { ...FAST, cancelOnUnsubscribe: false }),
    );
    const batchId = (submitted as { batchId: string }).batchId;
    const openAi = batchGenerator(server, 'openai', { experiment });
    await expect(failureOf(openAi.resumeBatch$(batchId))).resolves.toMatchObject({ fields: ['provider'] });
    await expect(failureOf(openAi.resumeBatch$('batch_never_seen'))).resolves.toBeInstanceOf(ExperimentError);
  });

  it('refuses a damaged record with ExperimentError naming the file', async () => {
    const server = await startServer();
    const experiment = await Experiment.acreate({ name: 'damaged', baseDir: dir.path });
    const generator = batchGenerator(server, 'openai', { experiment });
    const submitted = await firstValueFrom(generator.submitBatch$([{ count: 1, data: RESEARCH_NOTES }], { ...FAST, cancelOnUnsubscribe: false }));
    const batchId = (submitted as { batchId: string }).batchId;
    writeFileSync(join(experiment.path, 'batches', `${batchId}.json`), '{"formatVersion": 1, "batchId": "../x"}');
    const error = await failureOf(generator.resumeBatch$(batchId));
    expect(error).toBeInstanceOf(ExperimentError);
    expect((error as Error).message).toContain(`${batchId}.json`);
  });

  it('rejects only the job whose run cannot be saved, with the error of the store', async () => {
    const server = await startServer();
    // A store without batch records or job tags: runs are saved, the batch cannot be resumed by id alone.
    const store: RunStore = {
      loadData$: () => of([{ name: 'data', content: RESEARCH_NOTES }]),
      saveRun$: ({ result }) => (result.personas.length === 2 ? throwError(() => new ExperimentError('disk full')) : of(`/runs/${result.runId}`)),
    };
    const generator = batchGenerator(server, 'openai', { experiment: store });
    const outcomes = outcomesOf(await collect(generator.submitBatch$(FIVE_CONFIGS.slice(0, 3).map(({ count }) => ({ count })), FAST)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(outcomes[1].status === 'rejected' && outcomes[1].reason.message).toBe('disk full');
    expect(outcomes[2].status === 'fulfilled' && outcomes[2].value.outputDir).toMatch(/^\/runs\//);
    await expect(failureOf(generator.resumeBatch$('batch_sim2'))).resolves.toMatchObject({ fields: ['configs'] });
  });
});

function writeNotes(directory: string): string {
  const path = join(directory, 'notes.md');
  writeFileSync(path, `# Interviews\n\n${RESEARCH_NOTES}\n`);
  return path;
}
