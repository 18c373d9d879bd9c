import { join } from 'node:path';
import { useFakeServer } from '../support/fake-server';
import { runMain, SAMPLES } from '../cli/support/cli-harness';
import { personasAnswer } from './support/hostile-answer';

const server = useFakeServer();
const against = (): string[] => ['--provider', 'openai', '--base-url', server.current.url];
const NAME = 'Eve\x1b]0;pwned\x07\x1b[2J\u009b31m\r\u202eevil';
/** What a terminal acts on, the cursor and screen codes that cli-progress itself draws aside. */
const ACTED_ON = /\x1b\]|\x1b\[2J|[\r\u0007\u009b\u202e]/;

describe('model text printed by persona generate', () => {
  const answer = personasAnswer(1, () => ({ name: NAME, title: 'x\x1b[31mred', goals: ['\x1b]8;;javascript:x\x07link'] }));

  it.each([false, true])('reaches the terminal without control codes (tty: %s)', async (tty) => {
    server.current.enqueue({ text: answer });
    const { code, stdout, stderr } = await runMain(['generate', join(SAMPLES, 'interviews.md'), '--count', '1', ...against()], { tty });
    expect(code).toBe(0);
    expect(stdout + stderr).not.toMatch(ACTED_ON);
    expect(stdout).toContain('## Eve\\]0;pwned\\[2J31m evil');
    expect(stderr).toContain('persona 1/1: Eve]0;pwned[2J31mevil (x[31mred)');
  });

  it('keeps the exact text in --json, escaped', async () => {
    server.current.enqueue({ text: answer });
    const { stdout } = await runMain(['generate', join(SAMPLES, 'interviews.md'), '--count', '1', '--json', ...against()]);
    expect(stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
    expect(JSON.parse(stdout).runs[0].result.personas[0].name).toBe(NAME);
  });

  it('strips control codes from a provider error message', async () => {
    server.current.enqueue({ status: 401, errorMessage: 'denied\x1b[2J\u009b1m' });
    const { code, stderr } = await runMain(['generate', join(SAMPLES, 'interviews.md'), '--count', '1', ...against()]);
    expect(code).toBe(1);
    expect(stderr).toContain('denied[2J1m');
    expect(stderr).not.toMatch(ACTED_ON);
  });
});
