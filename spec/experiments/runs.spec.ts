import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import fsPromises from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, Subject, takeUntil, tap, toArray, type Subscription } from 'rxjs';
import {
  AsyncPersonaGenerator,
  CancellationError,
  Experiment,
  GenerationResultSchema,
  ProviderError,
  RunMetadataSchema,
  RunSummarySchema,
  type GenerationResult,
} from '../../lib/node';
import { useTempDir } from '../data/support/temp-dir';
import { FAKE_RUN_CONFIG, fakeRunResult } from './support/fake-run';
import { THREE_PERSONA_RUN_FILES } from './support/run-files';
import { useFakeServer } from '../support/fake-server';

const server = useFakeServer();
const dir = useTempDir();
const API_KEY = 'sk-live-DO-NOT-LEAK-7f3a9c';
const SAMPLES = join(__dirname, '..', '..', 'samples', 'data');

async function experimentWithData(name = 'study'): Promise<Experiment> {
  const experiment = await Experiment.acreate({ name, baseDir: join(dir.path, 'experiments') });
  await experiment.aaddData(['interviews.md', 'survey.csv', 'support-tickets.txt'].map((file) => join(SAMPLES, file)));
  return experiment;
}

const generatorFor = (experiment: Experiment, options: ConstructorParameters<typeof AsyncPersonaGenerator>[0] = {}): AsyncPersonaGenerator =>
  new AsyncPersonaGenerator({ experiment, provider: 'openai', baseURL: server.current.url, apiKey: API_KEY, ...options });

const outputsOf = (experiment: Experiment): string[] => readdirSync(join(experiment.path, 'outputs')).sort();
/** True when outputs/ holds exactly `runs` and nothing is staged beside it. */
const holdsOnly = (experiment: Experiment, runs: string[] = []): boolean =>
  JSON.stringify(outputsOf(experiment)) === JSON.stringify(runs) &&
  JSON.stringify(readdirSync(experiment.path).sort()) === JSON.stringify(['data', 'experiment.json', 'outputs']);

/** Every file under `root`, as [path, content]. */
function filesUnder(root: string): [string, string][] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((relative) => join(root, relative))
    .filter((path) => statSync(path).isFile())
    .map((path) => [path, readFileSync(path, 'utf8')]);
}

/** Waits for clean-up that runs after an unsubscribe, polling the file system briefly. */
async function eventually(check: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 200 && !check(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
}

describe('a generator bound to an experiment', () => {
  it("reads the experiment's data and saves the run whole: result, metadata, a .json and a .md per persona", async () => {
    const experiment = await experimentWithData();
    const steps: string[] = [];
    const result = await generatorFor(experiment).agenerate(
      { count: 3 },
      { progressCallback: (step, total, event) => void steps.push(`${step}/${total} ${event.stage}`) },
    );

    expect(steps).toEqual(['1/6 prepare', '2/6 render', '3/6 request', '4/6 receive', '5/6 parse', '6/6 save']);
    expect(result.sourceFiles).toEqual(['interviews.md', 'support-tickets.txt', 'survey.csv']);
    expect(result.outputDir).toBe(join(experiment.path, 'outputs', result.runId));
    expect(outputsOf(experiment)).toEqual([result.runId]);
    expect(readdirSync(result.outputDir!).sort()).toEqual(THREE_PERSONA_RUN_FILES);

    const { outputDir: _outputDir, ...saved } = result;
    expect(GenerationResultSchema.parse(JSON.parse(readFileSync(join(result.outputDir!, 'result.json'), 'utf8')))).toEqual(saved);
    const metadata = RunMetadataSchema.parse(JSON.parse(readFileSync(join(result.outputDir!, 'metadata.json'), 'utf8')));
    expect(metadata).toMatchObject({
      runId: result.runId,
      provider: 'openai',
      model: 'gpt-4o-mini',
      usage: result.usage,
      costUsd: result.costUsd,
      durationMs: result.durationMs,
      sourceFiles: result.sourceFiles,
      config: { count: 3, complexity: 'moderate', temperature: 0.7 },
    });
    expect(metadata.personas[1]).toEqual({ id: 'persona-2', name: 'Daniel', json: '02-daniel.json', markdown: '02-daniel.md' });
    expect(JSON.parse(readFileSync(join(result.outputDir!, '02-daniel.json'), 'utf8'))).toEqual(result.personas[1]);
    expect(readFileSync(join(result.outputDir!, '02-daniel.md'), 'utf8')).toMatch(/^# Daniel\n\n\*Freelance product designer\*\n/);
    expect(readdirSync(experiment.path).sort()).toEqual(['data', 'experiment.json', 'outputs']);
  });

  it('writes no secret into any file: not the API key, not the inline data', async () => {
    const experiment = await experimentWithData();
    await generatorFor(experiment).agenerate({ count: 1 });
    const inline = await generatorFor(experiment).agenerate({ count: 1, data: 'Inline note: CONFIDENTIAL-CLIENT-NAME wants speed' });
    expect(inline.sourceFiles).toEqual(['data']);
    const files = filesUnder(experiment.path);
    expect(files.length).toBeGreaterThan(10);
    expect(files.filter(([, content]) => content.includes(API_KEY))).toEqual([]);
    const metadata = files.find(([path]) => path === join(inline.outputDir!, 'metadata.json'))![1];
    expect(metadata).not.toContain('CONFIDENTIAL-CLIENT-NAME');
    expect(JSON.parse(metadata).config).not.toHaveProperty('data');
  });

  it('leaves outputs/ as it was when the run is cancelled mid-stream; the server sees the connection close', async () => {
    const experiment = await experimentWithData();
    const earlier = await generatorFor(experiment).agenerate({ count: 1 });
    server.current.enqueue({ chunkDelayMs: 30 });
    const cancel$ = new Subject<void>();
    let tokens = 0;
    const events = await lastValueFrom(
      generatorFor(experiment)
        .generate$({ count: 3 })
        .pipe(
          tap((event) => {
            if (event.type === 'token' && (tokens += 1) === 2) cancel$.next();
          }),
          takeUntil(cancel$),
          toArray(),
        ),
    );
    await server.current.waitForClientClose();
    expect(events.map((event) => event.type === 'progress' && event.stage).filter(Boolean)).toEqual(['prepare', 'render', 'request', 'receive']);
    expect(events.some((event) => event.type === 'result')).toBe(false);
    expect(holdsOnly(experiment, [earlier.runId])).toBe(true);
  });

  it('leaves outputs/ as it was when the provider fails', async () => {
    const experiment = await experimentWithData();
    const earlier = await generatorFor(experiment).agenerate({ count: 1 });
    server.current.enqueue({ status: 500, errorMessage: 'boom' }, { fault: 'error-mid-stream' });
    await expect(generatorFor(experiment, { maxRetries: 0 }).agenerate({ count: 2 })).rejects.toBeInstanceOf(ProviderError);
    await expect(generatorFor(experiment, { maxRetries: 0 }).agenerate({ count: 2 })).rejects.toBeInstanceOf(ProviderError);
    expect(outputsOf(experiment)).toEqual([earlier.runId]);
  });

  it('leaves nothing when the run is cancelled while it is being saved', async () => {
    const experiment = await experimentWithData();
    const controller = new AbortController();
    const run = generatorFor(experiment).agenerate(
      { count: 3 },
      {
        signal: controller.signal,
        progressCallback: (_step, _total, event) => {
          if (event.stage === 'save') controller.abort('changed my mind');
        },
      },
    );
    await expect(run).rejects.toBeInstanceOf(CancellationError);
    await eventually(() => holdsOnly(experiment));
  });

  it('gives parallel runs on one experiment distinct, complete runs, listed in start order', async () => {
    const experiment = await experimentWithData();
    const generator = generatorFor(experiment);
    const results = await Promise.all([generator.agenerate({ count: 1 }), generator.agenerate({ count: 2 }), generator.agenerate({ count: 3 })]);

    const runIds = results.map((result) => result.runId);
    expect(new Set(runIds).size).toBe(3);
    expect(outputsOf(experiment)).toEqual([...runIds].sort());
    for (const result of results) {
      const files = readdirSync(result.outputDir!);
      expect(files).toHaveLength(2 + 2 * result.personas.length);
      expect(RunMetadataSchema.parse(JSON.parse(readFileSync(join(result.outputDir!, 'metadata.json'), 'utf8'))).personas).toHaveLength(
        result.personas.length,
      );
    }
    const runs = await experiment.alistRuns();
    expect(runs.map((run) => run.runId)).toEqual([...runIds].sort());
    expect(runs.map((run) => (run.status === 'ok' ? run.personas : -1)).sort()).toEqual([1, 2, 3]);
  });

  it('sums runs, personas, tokens and cost in statistics, counting runs without a known price apart', async () => {
    const experiment = await experimentWithData();
    server.current.enqueue(
      { usage: { inputTokens: 1000, outputTokens: 500 } },
      { usage: { inputTokens: 2000, outputTokens: 700, cachedInputTokens: 1500 } },
      { usage: { inputTokens: 10, outputTokens: 20 } },
    );
    const first = await generatorFor(experiment).agenerate({ count: 1 });
    const second = await generatorFor(experiment).agenerate({ count: 2 });
    const third = await generatorFor(experiment, { provider: 'openai-compatible', model: 'local' }).agenerate({ count: 1 });
    expect(third).not.toHaveProperty('costUsd');

    const statistics = await experiment.astatistics();
    expect(statistics).toEqual({
      runs: 3,
      unreadableRuns: 0,
      personas: 4,
      inputTokens: 3010,
      outputTokens: 1220,
      totalTokens: 4230,
      cachedInputTokens: 1500,
      cacheWriteInputTokens: 0,
      cacheSavingUsd: second.cacheSavingUsd,
      costUsd: Number((first.costUsd! + second.costUsd!).toFixed(10)),
      unpricedRuns: 1,
      lastRunAt: [first, second, third].map((result) => result.finishedAt).sort().at(-1),
      dataFiles: 3,
      quotesTotal: [first, second, third].reduce((sum, result) => sum + result.quality.quotesTotal, 0),
      quotesVerified: [first, second, third].reduce((sum, result) => sum + result.quality.quotesVerified, 0),
      batches: [],
    });
    expect(statistics.quotesVerified).toBeGreaterThan(0);
    expect((await experiment.alistRuns()).map((run) => ('quality' in run ? run.quality?.quotesTotal : undefined)).sort()).toEqual(
      [first, second, third].map((result) => result.quality.quotesTotal).sort(),
    );
    expect(statistics.quotesVerified).toBe(statistics.quotesTotal);
    // gpt-4o-mini: $0.15 in, $0.075 cached, $0.60 out per million tokens.
    expect(statistics.costUsd).toBeCloseTo((1000 * 0.15 + 500 * 0.6 + 500 * 0.15 + 1500 * 0.075 + 700 * 0.6) / 1e6, 12);
    expect(statistics.cacheSavingUsd).toBeCloseTo((1500 * (0.15 - 0.075)) / 1e6, 12);
    expect(first).not.toHaveProperty('cacheSavingUsd');
  });
});

describe('saved runs read back', () => {
  const fakeResult = (runId: string): GenerationResult => fakeRunResult(runId);
  const config = FAKE_RUN_CONFIG;

  it('names persona files in plain ASCII from the persona name', async () => {
    const experiment = await experimentWithData();
    const result = fakeResult('20261128T100000000Z-00000001');
    result.personas.push({ ...result.personas[0], id: 'p2', name: '李雷' });
    const outputDir = await lastValueFrom(experiment.saveRun$({ result, config }));
    expect(readdirSync(outputDir).sort()).toEqual([
      '01-lucia-fernandez.json',
      '01-lucia-fernandez.md',
      '02-persona.json',
      '02-persona.md',
      'metadata.json',
      'result.json',
    ]);
  });

  it('saveRun$ unsubscribed before it emits leaves nothing behind', async () => {
    const experiment = await experimentWithData();
    const subscription = experiment.saveRun$({ result: fakeResult('20261128T100000000Z-00000002'), config }).subscribe();
    subscription.unsubscribe();
    await eventually(() => holdsOnly(experiment));
  });

  it('saveRun$ unsubscribed after its rename, before it emits, takes the run back out of outputs/', async () => {
    const experiment = await experimentWithData();
    const rename = fsPromises.rename;
    let subscription: Subscription | undefined;
    const spy = jest.spyOn(fsPromises, 'rename').mockImplementation(async (from, to) => {
      await rename(from, to);
      if (String(to).includes('outputs')) subscription?.unsubscribe();
    });
    try {
      subscription = experiment.saveRun$({ result: fakeResult('20261128T100000000Z-00000004'), config }).subscribe();
      await eventually(() => spy.mock.calls.length === 1);
      await eventually(() => holdsOnly(experiment));
    } finally {
      spy.mockRestore();
    }
  });

  it("removes staged entries of this host's dead processes, and keeps those it cannot prove abandoned", async () => {
    const experiment = await experimentWithData();
    const host = hostname().replace(/[^A-Za-z0-9-]/g, '-');
    // No process has a pid above Linux's pid_max (at most 2^22).
    for (const entry of [`.staging-run-1a2b.999999999.${host}`, '.staging-notes-of-mine', '.staging-run-1a2b.999999999.some-other-host']) {
      mkdirSync(join(experiment.path, entry));
    }
    await Experiment.aload('study', { baseDir: join(dir.path, 'experiments') });
    expect(readdirSync(experiment.path).filter((entry) => entry.startsWith('.')).sort()).toEqual([
      '.staging-notes-of-mine',
      '.staging-run-1a2b.999999999.some-other-host',
    ]);
  });

  it('reports a run whose metadata was broken by hand, and a stray file, as unreadable with the reason; the rest stay readable', async () => {
    const experiment = await experimentWithData();
    const damagedDir = await lastValueFrom(experiment.saveRun$({ result: fakeResult('20261128T100000000Z-00000003'), config }));
    const goodDir = await lastValueFrom(experiment.saveRun$({ result: fakeResult('20261128T100000000Z-00000004'), config }));
    writeFileSync(join(experiment.path, 'outputs', '.DS_Store'), 'x');
    writeFileSync(join(experiment.path, 'outputs', 'README'), 'notes about these runs');
    writeFileSync(join(damagedDir, 'metadata.json'), '{"runId": 5}');
    const runs = await experiment.alistRuns();
    expect(runs.map((run) => [run.runId, run.status])).toEqual([
      ['20261128T100000000Z-00000003', 'unreadable'],
      ['20261128T100000000Z-00000004', 'ok'],
      ['README', 'unreadable'],
    ]);
    expect(RunSummarySchema.array().parse(runs)).toEqual(runs);
    const [damaged, good, stray] = runs;
    expect(damaged).toEqual({
      status: 'unreadable',
      runId: '20261128T100000000Z-00000003',
      outputDir: damagedDir,
      reason: expect.stringMatching(/^Experiment 'study', run 20261128T100000000Z-00000003: metadata.json is invalid: /),
    });
    expect(damaged.status === 'unreadable' && damaged.reason).toContain(join(damagedDir, 'metadata.json'));
    expect(good).toMatchObject({ status: 'ok', outputDir: goodDir });
    expect(stray).toEqual({
      status: 'unreadable',
      runId: 'README',
      outputDir: join(experiment.path, 'outputs', 'README'),
      reason: "Experiment 'study', run README is not a run: a file, not a directory",
    });
    await expect(experiment.astatistics()).resolves.toMatchObject({ runs: 1, unreadableRuns: 2 });
  });
});
