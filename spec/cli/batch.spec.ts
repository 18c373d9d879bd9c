import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Experiment } from '../../lib/node';
import { startFakeLlmServer } from '../../lib/testing';
import { useFakeServer } from '../support/fake-server';
import { CONTROL_CODES, runMain, SAMPLES, startMain } from './support/cli-harness';

const server = useFakeServer();
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'persona-cli-batch-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const against = (): string[] => ['--provider', 'openai', '--base-url', server.current.url, '--poll-interval', '5'];
const interviews = join(SAMPLES, 'interviews.md');
const survey = join(SAMPLES, 'survey.csv');
const submissions = () => server.current.requests.filter((request) => request.method === 'POST' && /\/batches$/.test(request.path));

describe('persona batch', () => {
  it('submit --wait: one provider batch for every data set, its counts on stderr, each run as Markdown on stdout', async () => {
    const { code, stdout, stderr } = await runMain(['batch', 'submit', interviews, survey, '--count', '2', '--wait', ...against()]);
    expect(code).toBe(0);
    expect(submissions()).toHaveLength(1);
    expect(stdout.match(/^# 2 persona\(s\)$/gm)).toHaveLength(2);
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Submitted batch (\S+) to openai: 2 request\(s\)\. Follow it with: persona batch status \1 \(results need --wait or --experiment\)$/);
    expect(lines.slice(1, -1).every((line) => /^batch \S+: (validating|in_progress|finalizing|completed), \d\/2 done, 0 failed$/.test(line))).toBe(true);
    expect(lines.at(-2)).toMatch(/: completed, 2\/2 done, 0 failed$/);
    expect(lines.at(-1)).toMatch(/^2 of 2 run\(s\) done: 4 persona\(s\)/);
    expect(stdout + stderr).not.toMatch(CONTROL_CODES);
  });

  it('submit into an experiment prints the id; status, then results by the id alone, saving each run once; --json', async () => {
    const experiment = await Experiment.acreate({ name: 'study', baseDir: dir, provider: 'openai' });
    await experiment.aaddData([interviews]);
    const inStudy = ['--experiment', 'study', '--base-dir', dir, '--base-url', server.current.url, '--poll-interval', '5'];

    const submitted = await runMain(['batch', 'submit', '--runs', '3', '--count', '1', ...inStudy]);
    expect(submitted.code).toBe(0);
    const batchId = submitted.stdout.trim();
    expect(batchId).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(submitted.stderr).toContain(`Submitted batch ${batchId} to openai: 3 request(s). Follow it with: persona batch results ${batchId} --experiment study`);

    const status = await runMain(['batch', 'status', batchId, ...inStudy, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ type: 'status', batchId, total: 3 });
    const statusText = await runMain(['batch', 'status', batchId, ...inStudy]);
    expect(statusText.stdout).toMatch(new RegExp(`^batch ${batchId}: \\w+, \\d/3 done, 0 failed\\n$`));

    const results = await runMain(['batch', 'results', batchId, ...inStudy, '--json']);
    expect(results.code).toBe(0);
    const report = JSON.parse(results.stdout);
    expect(report.batchId).toBe(batchId);
    expect(report.runs.map((run: { label: string; status: string }) => [run.label, run.status])).toEqual([
      ['job 1', 'done'],
      ['job 2', 'done'],
      ['job 3', 'done'],
    ]);
    expect(await experiment.alistRuns()).toHaveLength(3);

    const again = await runMain(['batch', 'results', batchId, ...inStudy]);
    expect(again.code).toBe(0);
    expect(again.stdout.match(/^# 1 persona\(s\)$/gm)).toHaveLength(3);
    expect(await experiment.alistRuns()).toHaveLength(3);
    expect(submissions()).toHaveLength(1);
  });

  it('cancel asks the provider to cancel and prints the status it answers', async () => {
    const submitted = await runMain(['batch', 'submit', interviews, ...against()]);
    const batchId = submitted.stdout.trim();
    const { code, stdout } = await runMain(['batch', 'cancel', batchId, ...against()]);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^batch ${batchId}: \\w+, \\d/1 done, \\d failed\\n$`));
    expect(server.current.requests.filter((request) => request.path.endsWith(`${batchId}/cancel`))).toHaveLength(1);
  });

  it('refuses a batch id that is no id, a provider without a batch engine, and results without the batch record (exit 2)', async () => {
    const badId = await runMain(['batch', 'status', '../../v1/files', ...against()]);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain('batch id');
    const gemini = await runMain(['batch', 'submit', interviews, '--provider', 'gemini', '--base-url', server.current.origin], { env: { GEMINI_API_KEY: 'gem-0000000' } });
    expect(gemini.code).toBe(2);
    expect(gemini.stderr).toContain('gemini has no batch API');
    const noData = await runMain(['batch', 'submit', ...against()]);
    expect(noData.code).toBe(2);
    const badInterval = await runMain(['batch', 'submit', interviews, '--provider', 'openai', '--poll-interval', 'soon']);
    expect(badInterval.code).toBe(2);
    expect(badInterval.stderr).toContain('--poll-interval');
    const unrecorded = await runMain(['batch', 'results', 'batch_unknown', ...against()]);
    expect(unrecorded.code).toBe(2);
    expect(unrecorded.stderr).toMatch(/^error: .*experiment/m);
    expect(server.current.requests).toHaveLength(0);
  });

  it('exits 1 when the provider failed the batch, showing its words without the control codes they carried', async () => {
    const canned = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        if (req.url === '/v1/files') res.end(JSON.stringify({ id: 'file-1' }));
        else res.end(JSON.stringify({ id: 'batch_1', status: 'failed', errors: { data: [{ message: 'line 1: \u001b[31mmodel not found\u202e' }] } }));
      });
    });
    await new Promise<void>((resolve) => canned.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(canned.address() as AddressInfo).port}/v1`;
      const { code, stdout, stderr } = await runMain(['batch', 'submit', interviews, '--wait', '--provider', 'openai', '--base-url', url, '--poll-interval', '5'], {
        env: { OPENAI_API_KEY: 'sk-batch-cli-000001' },
      });
      expect(code).toBe(1);
      expect(stderr).toContain(`[${interviews}] failed:`);
      expect(stderr).toContain('model not found');
      expect(stderr).toMatch(/0 of 1 run\(s\) done: .*; 1 failed\n$/);
      expect(stdout + stderr).not.toMatch(CONTROL_CODES);
      expect(stdout + stderr).not.toContain('\u202e');
    } finally {
      await new Promise<void>((resolve) => (canned as Server).close(() => resolve()));
    }
  });

  it('Ctrl-C while waiting: submit --wait cancels the batch at the provider (exit 130)', async () => {
    const slow = await startFakeLlmServer({ batches: { requestsPerPoll: 1 } });
    try {
      const waitOn = ['--provider', 'openai', '--base-url', slow.url, '--poll-interval', '60000'];
      const run = startMain(['batch', 'submit', interviews, survey, '--wait', ...waitOn]);
      await until(() => /^batch \S+: \w+, 0\/2 done/m.test(run.io.stderr.text));
      run.interrupt();
      expect(await run.done).toBe(130);
      const batchId = /Submitted batch (\S+) /.exec(run.io.stderr.text)?.[1];
      expect(run.io.stderr.text.trimEnd().split('\n').at(-1)).toBe(`Cancelled (Ctrl-C): batch ${batchId} cancelled at the provider.`);
      // The cancel request goes out as the wait ends; the command does not hold the exit for its answer.
      await until(() => slow.requests.some((request) => request.path.endsWith(`${batchId}/cancel`)));
      expect(run.io.stdout.text).toBe('');
    } finally {
      await slow.close();
    }
  });
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
