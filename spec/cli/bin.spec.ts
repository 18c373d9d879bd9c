import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useFakeServer } from '../support/fake-server';
import { BIN, CONTROL_CODES, ROOT, runBin, SAMPLES, spawnBin, stderrMatches } from './support/cli-harness';

// The built bin (`dist/cjs/cli.js`, built by the global setup), run as users run it: a child
// process with its own stdout and stderr (pipes, so not a terminal) and an environment without keys.
const server = useFakeServer();
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'persona-bin-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const interviews = join(SAMPLES, 'interviews.md');
const survey = join(SAMPLES, 'survey.csv');
const against = (): string[] => ['--provider', 'openai', '--base-url', server.current.url];

describe('the persona bin', () => {
  it('generates: Markdown on stdout, plain progress on stderr, no control codes in either', async () => {
    const { code, stdout, stderr } = await runBin(['generate', interviews, '--count', '2', ...against()]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# 2 persona\(s\)\n[^]*## Maya[^]*## Daniel/);
    expect(stderr).toContain('persona 1/2: Maya (Operations lead)\npersona 2/2: Daniel (Freelance product designer)\n');
    expect(stdout + stderr).not.toMatch(CONTROL_CODES);
  });

  it('--json: one JSON document on stdout; --out: the run written as files', async () => {
    const out = join(dir, 'out');
    const { code, stdout } = await runBin(['generate', interviews, survey, '--count', '1', '--json', '--out', out, ...against()]);
    expect(code).toBe(0);
    const { runs } = JSON.parse(stdout);
    expect(runs.map((run: { label: string; status: string }) => [run.label, run.status])).toEqual([
      [interviews, 'done'],
      [survey, 'done'],
    ]);
    expect(readdirSync(out).sort()).toEqual(runs.map((run: { result: { runId: string } }) => run.result.runId).sort());
    expect(runs[0].outDir).toBe(join(out, runs[0].result.runId));
    expect(readdirSync(runs[0].outDir)).toEqual(expect.arrayContaining(['01-maya.json', '01-maya.md', 'result.json', 'metadata.json']));
  });

  it('estimates without a key', async () => {
    const { code, stdout } = await runBin(['estimate', interviews, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).estimates).toEqual([expect.objectContaining({ label: interviews, provider: 'openai', tokenCounting: 'tokenizer' })]);
  });

  // Seven processes of the bin, one after another: more than the default 20 s on a loaded machine.
  it('runs the experiment commands', async () => {
    const base = ['--base-dir', dir];
    expect((await runBin(['experiment', 'create', 'study', ...base])).code).toBe(0);
    expect((await runBin(['experiment', 'add-data', 'study', interviews, ...base])).stdout).toBe('Added 1 file(s) to study: interviews.md\n');
    expect((await runBin(['generate', '--experiment', 'study', '--count', '1', ...base, ...against()])).code).toBe(0);
    const runs = JSON.parse((await runBin(['experiment', 'runs', 'study', '--json', ...base])).stdout);
    expect(runs).toEqual([expect.objectContaining({ personas: 1, provider: 'openai' })]);
    expect((await runBin(['experiment', 'show', 'study', ...base])).stdout).toMatch(/runs {6}1 run\(s\), 1 persona\(s\)/);
    expect((await runBin(['experiment', 'list', '--json', ...base])).stdout).toContain('"name": "study"');
    expect(await runBin(['experiment', 'delete', 'study', '--yes', ...base])).toEqual({ code: 0, stdout: 'Deleted experiment study\n', stderr: '' });
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);

  it('a bad flag exits 2 with a useful message', async () => {
    expect(await runBin(['generate', interviews, '--cuont', '3'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: unknown option '--cuont'\n(Did you mean --count?)\n(add --help for usage)\n",
    });
  });

  it('without a key for the chosen provider says so in one line and how to fix it (exit 2)', async () => {
    expect(await runBin(['generate', interviews, '--provider', 'openai'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: No API key for openai: set OPENAI_API_KEY in the environment, or add --provider simulated to try persona without a key\n',
    });
  });

  it('Ctrl-C during a stream: exit 130, the connection closed, nothing in the experiment', async () => {
    expect((await runBin(['experiment', 'create', 'study', '--base-dir', dir])).code).toBe(0);
    server.current.enqueue({ chunkDelayMs: 40 });
    const { child, result } = spawnBin(['generate', interviews, '--experiment', 'study', '--base-dir', dir, ...against()]);
    await stderrMatches(child, /persona 1\/3/);
    child.kill('SIGINT');
    const { code, stdout, stderr } = await result;
    await server.current.waitForClientClose(1);
    expect(code).toBe(130);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n').at(-1)).toBe('Cancelled (Ctrl-C): 0 of 1 run(s) had finished, 1 stopped; a stopped run leaves nothing on disk.');
    expect(readdirSync(join(dir, 'study', 'outputs'))).toEqual([]);
    expect(readdirSync(join(dir, 'study')).sort()).toEqual(['data', 'experiment.json', 'outputs']);
  });

  it('stops quietly when the reader of stdout goes away', async () => {
    server.current.enqueue({ latencyMs: 200 });
    const { child, result } = spawnBin(['generate', interviews, survey, '--count', '1', ...against()]);
    child.stdout?.once('data', () => child.stdout?.destroy());
    const { code, stderr } = await result;
    expect(code).toBe(0);
    expect(stderr).not.toContain('EPIPE');
  });

  it('on a terminal (a pseudo-terminal from script(1)) shows live bars and the personas as they arrive', () => {
    const command = `node ${BIN} generate ${interviews} ${survey} --provider simulated --count 3`;
    const screen = execFileSync('script', ['-qec', command, '/dev/null'], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', TERM: 'xterm' } });
    const text = screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    expect(text).toMatch(new RegExp(`${interviews} +[█░]{20} [0-3]/3 personas \\| receive \\| [\\d,]+ output tokens \\| +\\d+s`));
    expect(text).toMatch(new RegExp(`${survey} +█{20} 3/3 personas \\| done`));
    expect(text).toContain(`[${survey}] persona 2/3: Respondent R02 (Designer)`);
    expect(text).toMatch(/^# 3 persona\(s\)\r?$/m);
  });
});
