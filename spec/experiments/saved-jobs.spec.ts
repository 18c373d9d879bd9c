import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { ConfigurationError, Experiment, RunMetadataSchema, type GenerationResult, type JobTag } from '../../lib/node';
import { useTempDir } from '../data/support/temp-dir';

const dir = useTempDir();

const resultOf = (runId: string, name: string): GenerationResult => ({
  runId,
  personas: [{ id: 'p1', name, demographics: {}, goals: [], painPoints: [], behaviours: [], quotes: [], additional: {}, evidence: [] }],
  usage: { inputTokens: 10, outputTokens: 20, totalTokens: 30 },
  provider: 'openai',
  model: 'gpt-4o-mini',
  sourceFiles: ['data'],
  startedAt: '2026-11-28T10:00:00.000Z',
  finishedAt: '2026-11-28T10:00:01.000Z',
  durationMs: 1000,
  attempts: 1,
  quality: { quotesTotal: 0, quotesVerified: 0 },
});
const config = { count: 1, complexity: 'moderate', detailLevel: 'standard', includeReasoning: false, temperature: 0.7, maxTokens: 4096, unverifiedQuotes: 'keep', chunking: 'auto' } as const;

describe('job records in an experiment', () => {
  it('saves the job tag in metadata.json with the run and reads the tagged runs of one key back, oldest first', async () => {
    const experiment = await Experiment.acreate({ name: 'jobs', baseDir: dir.path });
    const save = (runId: string, name: string, job?: JobTag): Promise<string> =>
      lastValueFrom(experiment.saveRun$({ result: resultOf(runId, name), config, ...(job ? { job } : {}) }));
    const second = await save('20261128T100000002Z-00000002', 'Second', { key: 'resume:a', index: 1, configHash: 'h1' });
    const first = await save('20261128T100000001Z-00000001', 'First', { key: 'resume:a', index: 0, configHash: 'h0' });
    await save('20261128T100000003Z-00000003', 'Other key', { key: 'batch:b', index: 0, configHash: 'h0' });
    await save('20261128T100000004Z-00000004', 'Untagged');

    const metadata = RunMetadataSchema.parse(JSON.parse(readFileSync(join(second, 'metadata.json'), 'utf8')));
    expect(metadata.job).toEqual({ key: 'resume:a', index: 1, configHash: 'h1' });

    const jobs = await lastValueFrom(experiment.savedJobs$('resume:a'));
    expect(jobs).toEqual([
      { index: 0, configHash: 'h0', result: { ...resultOf('20261128T100000001Z-00000001', 'First'), outputDir: first } },
      { index: 1, configHash: 'h1', result: { ...resultOf('20261128T100000002Z-00000002', 'Second'), outputDir: second } },
    ]);
    await expect(lastValueFrom(experiment.savedJobs$('resume:none'))).resolves.toEqual([]);
    await expect(experiment.alistRuns()).resolves.toHaveLength(4);
  });

  it('refuses a malformed job tag before writing anything', async () => {
    const experiment = await Experiment.acreate({ name: 'jobs', baseDir: dir.path });
    const job = { key: '', index: -1, configHash: 'h' };
    await expect(lastValueFrom(experiment.saveRun$({ result: resultOf('20261128T100000001Z-00000001', 'A'), config, job }))).rejects.toThrow(
      ConfigurationError,
    );
    await expect(experiment.alistRuns()).resolves.toEqual([]);
  });
});
