import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Experiment } from '../../lib/node';
import { useFakeServer } from '../support/fake-server';
import { CONTROL_CODES, runMain, SAMPLES, startMain } from './support/cli-harness';

const server = useFakeServer();
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'persona-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const against = (): string[] => ['--provider', 'openai', '--base-url', server.current.url];
const interviews = join(SAMPLES, 'interviews.md');
const survey = join(SAMPLES, 'survey.csv');

describe('persona generate (in process)', () => {
  it('prints each run as Markdown on stdout and plain progress lines on stderr, free of control codes', async () => {
    const { code, stdout, stderr } = await runMain(['generate', interviews, '--count', '2', ...against()]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# 2 persona\(s\)\n/);
    expect(stdout).toContain('## Maya');
    expect(stdout).toContain('## Daniel');
    const lines = stderr.trimEnd().split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'prepare (1/5): Preparing research data',
      'render (2/5): Rendering the prompt from 1 source(s)',
      'request (3/5): Requesting 2 persona(s) from openai (gpt-4o-mini)',
      'receive (4/5): Receiving the response from openai',
      'persona 1/2: Maya (Operations lead)',
    ]);
    expect(lines[5]).toBe('persona 2/2: Daniel (Freelance product designer)');
    expect(lines.at(-1)).toMatch(/^1 of 1 run\(s\) done: 2 persona\(s\), quotes verified (\d+)\/\1, [\d,]+ tokens \([\d,]+ input \+ [\d,]+ output\), \$0\.\d+, \d+\.\d s$/);
    expect(stdout + stderr).not.toMatch(CONTROL_CODES);
    expect(server.current.requests).toHaveLength(1);
    expect(server.current.requests[0].stream).toBe(true);
  });

  it('runs each data set and every --runs repetition in parallel, each with its own label', async () => {
    server.current.enqueue(...Array.from({ length: 4 }, () => ({ awaitInFlight: 4 })));
    const { code, stdout, stderr } = await runMain(['generate', interviews, survey, '--runs', '2', '--count', '1', '--json', ...against()]);
    expect(code).toBe(0);
    expect(server.current.requests).toHaveLength(4);
    expect(server.current.maxInFlight).toBe(4);
    const report = JSON.parse(stdout);
    expect(report.runs.map((run: { label: string; status: string }) => [run.label, run.status])).toEqual([
      [`${interviews} #1`, 'done'],
      [`${interviews} #2`, 'done'],
      [`${survey} #1`, 'done'],
      [`${survey} #2`, 'done'],
    ]);
    expect(report.runs[2].result.sourceFiles).toEqual(['survey.csv']);
    expect(stderr).toContain(`[${survey} #2] persona 1/1: Respondent R01 (Researcher)`);
    expect(stderr).toMatch(/4 of 4 run\(s\) done: 4 persona\(s\)/);
  });

  it('holds parallel runs to --concurrency', async () => {
    server.current.enqueue(...Array.from({ length: 3 }, () => ({ latencyMs: 40 })));
    const { code } = await runMain(['generate', interviews, '--runs', '3', '--concurrency', '1', '--count', '1', ...against()]);
    expect(code).toBe(0);
    expect(server.current.requests).toHaveLength(3);
    expect(server.current.maxInFlight).toBe(1);
  });

  it('--json writes one parseable document on stdout and keeps progress on stderr', async () => {
    const { code, stdout, stderr } = await runMain(['generate', interviews, '--count', '2', '--json', '--no-stream', ...against()]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.runs).toHaveLength(1);
    expect(report.runs[0]).toMatchObject({ label: interviews, status: 'done', result: { provider: 'openai', model: 'gpt-4o-mini' } });
    expect(report.runs[0].result.personas.map((persona: { name: string }) => persona.name)).toEqual(['Maya', 'Daniel']);
    expect(server.current.requests[0].stream).toBe(false);
    expect(stderr).toContain('persona 2/2: Daniel (Freelance product designer)');
  });

  it('--out writes each run whole: result, metadata and a JSON and a Markdown file per persona', async () => {
    const out = join(dir, 'personas');
    const { code, stderr } = await runMain(['generate', interviews, '--count', '2', '--out', out, ...against()]);
    expect(code).toBe(0);
    const [runId] = readdirSync(out);
    expect(readdirSync(out)).toEqual([runId]);
    expect(readdirSync(join(out, runId)).sort()).toEqual([
      '01-maya.json',
      '01-maya.md',
      '02-daniel.json',
      '02-daniel.md',
      'metadata.json',
      'result.json',
    ]);
    expect(JSON.parse(readFileSync(join(out, runId, '02-daniel.json'), 'utf8')).name).toBe('Daniel');
    expect(readFileSync(join(out, runId, '01-maya.md'), 'utf8')).toMatch(/^# Maya\n/);
    expect(stderr).toContain(`written to ${join(out, runId)}`);
  });

  it('saves runs in an experiment, and uses its data when no data is given', async () => {
    const experiment = await Experiment.acreate({ name: 'study', baseDir: dir });
    await experiment.aaddData([survey]);
    const { code, stdout } = await runMain(['generate', '--experiment', 'study', '--base-dir', dir, '--count', '1', '--json', ...against()]);
    expect(code).toBe(0);
    const [run] = JSON.parse(stdout).runs;
    expect(run.label).toBe('study');
    expect(run.result.sourceFiles).toEqual(['survey.csv']);
    expect(run.result.outputDir).toBe(join(dir, 'study', 'outputs', run.result.runId));
    expect((await experiment.alistRuns()).map((saved) => saved.runId)).toEqual([run.result.runId]);
  });

  it('exits 1 when a run fails, says why in one line, and still finishes the other runs', async () => {
    server.current.enqueue({ status: 400, errorMessage: 'model not available' }, { latencyMs: 30 });
    const { code, stdout, stderr } = await runMain(['generate', interviews, survey, '--count', '1', '--concurrency', '1', '--json', ...against()]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.runs.map((run: { status: string }) => run.status)).toEqual(['failed', 'done']);
    expect(report.runs[0].error).toMatchObject({ code: 'provider_error', status: 400 });
    expect(stderr).toMatch(new RegExp(`\\[${interviews}\\] failed: .*model not available`));
    expect(stderr).toMatch(/1 of 2 run\(s\) done: .*; 1 failed\n$/);
  });

  it('Ctrl-C cancels every run: exit 130, connections closed, nothing in the experiment, a one-line summary', async () => {
    await Experiment.acreate({ name: 'study', baseDir: dir });
    server.current.enqueue({ chunkDelayMs: 30 }, { chunkDelayMs: 30 });
    const run = startMain(['generate', interviews, survey, '--experiment', 'study', '--base-dir', dir, ...against()]);
    await server.current.waitForRequests(2);
    run.interrupt();
    expect(await run.done).toBe(130);
    await server.current.waitForClientClose(2);
    expect(run.exits).toEqual([]);
    expect(run.io.stderr.text.trimEnd().split('\n').at(-1)).toBe(
      'Cancelled (Ctrl-C): 0 of 2 run(s) had finished, 2 stopped; a stopped run leaves nothing on disk.',
    );
    expect(readdirSync(join(dir, 'study', 'outputs'))).toEqual([]);
    expect(readdirSync(join(dir, 'study')).sort()).toEqual(['data', 'experiment.json', 'outputs']);
    expect(run.io.stdout.text).toBe('');
  });

  it('a second Ctrl-C exits at once, giving the terminal back first', async () => {
    server.current.enqueue({ latencyMs: 10_000 });
    const run = startMain(['generate', interviews, ...against()]);
    await server.current.waitForRequests(1);
    run.interrupt();
    run.interrupt();
    expect(run.exits).toEqual([130]);
    expect(await run.done).toBe(130);
  });

  it('--budget below the estimate stops before any request (exit 1)', async () => {
    const { code, stderr } = await runMain(['generate', interviews, '--budget', '0.000001', ...against()]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/failed: The estimated cost \$[\d.e-]+ .* exceeds the budget/);
    expect(server.current.requests).toHaveLength(0);
  });

  it('--timeout bounds each run (exit 1, the stage named)', async () => {
    server.current.enqueue({ fault: 'hang' });
    const { code, stderr } = await runMain(['generate', interviews, '--timeout', '200', ...against()]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/failed: .*200 ms/);
    await server.current.waitForClientClose(1);
  });

  it('says which personas a retry voided', async () => {
    const long = 'a goal that takes many characters to write down, '.repeat(12);
    const text = `<output>${JSON.stringify({ personas: [{ id: 'p1', name: 'Ana' }, { id: 'p2', name: 'Ben', goals: [long] }] })}</output>`;
    server.current.enqueue({ text, fault: 'error-mid-stream' }, { text });
    const { code, stderr } = await runMain(['generate', interviews, '--count', '2', ...against()]);
    expect(code).toBe(0);
    const lines = stderr.split('\n');
    const retry = lines.findIndex((line) => line.startsWith('retrying'));
    expect(lines[retry]).toMatch(/^retrying in \d+\.\d s \(attempt 2\): .*; the 1 persona\(s\) it had streamed are void$/);
    expect(lines.filter((line) => line.startsWith('persona '))).toEqual(['persona 1/2: Ana', 'persona 1/2: Ana', 'persona 2/2: Ben']);
  });

  it('leaves the cost out where no price is known', async () => {
    const { code, stderr } = await runMain(['generate', interviews, '--count', '1', '--provider', 'openai-compatible', '--model', 'local-model', '--base-url', server.current.url]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/\ndone: 1 persona\(s\), [\d,]+ tokens \([\d,]+ input \+ [\d,]+ output\), \d+\.\d s\n/);
    expect(stderr).toMatch(/1 of 1 run\(s\) done: 1 persona\(s\), quotes verified (\d+)\/\1, [\d,]+ tokens \([\d,]+ input \+ [\d,]+ output\), \d+\.\d s\n$/);
  });

  it('an --out that cannot be written fails before any request (exit 2)', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a directory');
    const { code, stderr } = await runMain(['generate', interviews, '--count', '1', '--out', join(file, 'out'), ...against()]);
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`^error: --out ${join(file, 'out')} cannot be created: ENOTDIR: not a directory.*\n$`));
    expect(server.current.requests).toHaveLength(0);
  });
});


describe('persona generate --resume', () => {
  it('run again, skips the runs already done and says so; experiment show lists the batch with done/total', async () => {
    await Experiment.acreate({ name: 'study', baseDir: dir });
    const command = ['generate', interviews, survey, '--count', '1', '--experiment', 'study', '--base-dir', dir, '--resume', 'q3', ...against()];
    const first = await runMain(command);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('Resumed "q3": skipped 0 of 2 run(s) already done, generated 2\n');
    const again = await runMain(command);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Resumed "q3": skipped 2 of 2 run(s) already done, generated 0\n');
    expect(server.current.requests).toHaveLength(2);
    const shown = await runMain(['experiment', 'show', 'study', '--base-dir', dir]);
    expect(shown.stdout).toMatch(/ {2}batches {3}resume:q3: 2\/2 done\n$/);
  });

  it('refuses --resume without --experiment before requesting anything', async () => {
    const { code, stderr } = await runMain(['generate', interviews, '--resume', 'q3', ...against()]);
    expect(code).toBe(2);
    expect(stderr).toBe('error: --resume needs --experiment: finished runs are recorded in the experiment\n');
    expect(server.current.requests).toHaveLength(0);
  });
});
