import { tmpdir } from 'node:os';
import { DataError } from '../../lib';
import { demoDataDirectory } from '../../lib/cli/demo-data';
import { useFakeServer } from '../support/fake-server';
import { runMain, SAMPLES } from './support/cli-harness';

const server = useFakeServer();

describe('persona demo', () => {
  it('with no key: the shipped data set, the simulated provider, and both said on stderr', async () => {
    const { code, stdout, stderr } = await runMain(['demo'], { env: {} });
    expect(code).toBe(0);
    const lines = stderr.split('\n');
    expect(lines[0]).toBe(`Demo: personas from the sample research data shipped with persona-rx (${SAMPLES}).`);
    expect(lines[1]).toMatch(/^Using the simulated provider at http:\/\/127\.0\.0\.1:\d+\/v1: no API key found/);
    expect(stdout).toMatch(/^# 3 persona\(s\)\n/);
    expect(stdout).toContain('## Maya');
    expect(server.current.requests).toHaveLength(0);
  });

  it('with a key: asks that provider, says which, and --json gives the run as data', async () => {
    const env = { OPENAI_API_KEY: 'sk-demo-test-000001', OPENAI_BASE_URL: server.current.url };
    const { code, stdout, stderr } = await runMain(['demo', '--json'], { env });
    expect(code).toBe(0);
    expect(stderr.split('\n')[1]).toBe('Using openai: OPENAI_API_KEY is set.');
    const [run] = JSON.parse(stdout).runs;
    expect(run.result).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini' });
    expect(run.result.sourceFiles).toEqual(['data/interviews.md', 'data/support-tickets.txt', 'data/survey.csv']);
    expect(server.current.requests.map((request) => [request.provider, request.headers.authorization])).toEqual([
      ['openai', 'Bearer sk-demo-test-000001'],
    ]);
  });

  it('refuses flags it does not take (exit 2)', async () => {
    const { code, stderr } = await runMain(['demo', '--count', '2'], { env: {} });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: unknown option '--count'/);
  });

  it('an installation missing the data says so with a DataError', () => {
    expect(() => demoDataDirectory(tmpdir())).toThrow(DataError);
    expect(() => demoDataDirectory(tmpdir())).toThrow('The demo research data (samples/data) is missing from this installation of persona-rx: reinstall the package');
  });
});
