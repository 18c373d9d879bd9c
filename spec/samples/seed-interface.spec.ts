import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generatePersonas } from '../../samples/seed-interface';
import { Experiment } from '../../lib/node';
import { useTempDir } from '../data/support/temp-dir';
import { useFakeServer } from '../support/fake-server';

const ROOT = join(__dirname, '..', '..');
const SAMPLE = join(ROOT, 'samples', 'seed-interface.ts');
const server = useFakeServer({ defaults: { latencyMs: 40 } });
const dir = useTempDir();

// The last test runs the sample as its own TypeScript process, which takes seconds.
jest.setTimeout(60_000);

describe("the seed's interface, samples/seed-interface.ts", () => {
  it('creates my-experiment, runs once, three times in parallel, then once with a progress callback', async () => {
    const lines: string[] = [];
    const baseDir = join(dir.path, 'experiments');
    // The single run, then the three parallel runs held until all three are in flight.
    server.current.enqueue({}, { awaitInFlight: 3 }, { awaitInFlight: 3 }, { awaitInFlight: 3 });
    const results = await generatePersonas({
      baseDir,
      log: (line) => lines.push(line),
      connection: { provider: 'openai', baseURL: server.current.url, apiKey: 'sk-seed-key-0001' },
    });

    expect(results.map((result) => result.personas.length)).toEqual([3, 2, 3, 2, 3]);
    expect(new Set(results.map((result) => result.runId)).size).toBe(5);
    expect(server.current.requests).toHaveLength(5);
    expect(server.current.maxInFlight).toBe(3);
    expect(lines.filter((line) => line.startsWith('Progress:'))).toEqual(['1/6', '2/6', '3/6', '4/6', '5/6', '6/6'].map((step) => `Progress: ${step}`));
    expect(lines.at(-1)).toMatch(/^my-experiment: 5 runs, 13 personas, \d+ tokens, \$0\.\d{4}, in /);

    const experiment = await Experiment.aload('my-experiment', { baseDir });
    expect((await experiment.alistRuns()).map((run) => run.runId)).toEqual(results.map((result) => result.runId).sort());
    expect((await experiment.alistData()).map((file) => file.name)).toEqual(['data/interviews.md', 'data/support-tickets.txt', 'data/survey.csv']);
  });

  it('loads my-experiment on a second run instead of failing, and adds the data only once', async () => {
    const baseDir = join(dir.path, 'experiments');
    const connection = { provider: 'openai' as const, baseURL: server.current.url, apiKey: 'sk-seed-key-0001' };
    await generatePersonas({ baseDir, log: () => undefined, connection });
    await generatePersonas({ baseDir, log: () => undefined, connection });
    const statistics = await (await Experiment.aload('my-experiment', { baseDir })).astatistics();
    expect([statistics.runs, statistics.dataFiles]).toEqual([10, 3]);
  });

  it('runs on its own with no API key against the simulated provider from persona-rx/testing, and says so', async () => {
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.seed).toBe('ts-node -r tsconfig-paths/register --transpile-only samples/seed-interface.ts');
    const environment = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/_API_KEY$|_BASE_URL$/.test(name)),
    );
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', require.resolve('ts-node/register/transpile-only'), '-r', require.resolve('tsconfig-paths/register'), SAMPLE],
      { cwd: dir.path, env: { ...environment, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') } },
    );
    expect(stdout).toMatch(/^No OPENAI_API_KEY set: using the simulated provider at http:\/\/127\.0\.0\.1:\d+\/v1\.\n/);
    expect(stdout).toContain('Progress: 6/6');
    expect(readdirSync(join(dir.path, 'experiments', 'my-experiment', 'outputs'))).toHaveLength(5);
  });
});
