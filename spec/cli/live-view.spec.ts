import { join } from 'node:path';
import { useFakeServer } from '../support/fake-server';
import { runMain, SAMPLES } from './support/cli-harness';

const server = useFakeServer();
const interviews = join(SAMPLES, 'interviews.md');
const survey = join(SAMPLES, 'survey.csv');
const against = (): string[] => ['--provider', 'openai', '--base-url', server.current.url];

/** The text a terminal would show for each bar redraw, control codes removed. */
const visible = (text: string): string => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

describe('the live progress view (stdout and stderr on a terminal)', () => {
  it('draws a bar per run with stage, tokens, personas and elapsed time, and prints personas above it', async () => {
    server.current.enqueue({ chunkDelayMs: 15 }, { chunkDelayMs: 15 });
    const { code, stdout, stderr } = await runMain(['generate', interviews, survey, '--count', '2', ...against()], { tty: true });
    expect(code).toBe(0);
    const screen = visible(stderr);
    expect(stderr).toContain('\x1b[?25l'); // cursor hidden while drawing
    expect(stderr).toMatch(/\x1b\[\?25h[^]*$/); // and shown again
    const bar = (label: string, rest: string): RegExp => new RegExp(`${label} +[█░]{20} ${rest}`);
    expect(screen).toMatch(bar(interviews, '0/2 personas \\| receive \\| [\\d,]+ output tokens \\| +\\d+s'));
    expect(screen).toMatch(bar(survey, '1/2 personas \\| receive \\| [\\d,]+ output tokens'));
    expect(screen).toMatch(bar(interviews, '2/2 personas \\| done \\| [\\d,]+ output tokens'));
    expect(screen).toMatch(bar(survey, '2/2 personas \\| done'));
    expect(screen).toContain(`[${survey}] persona 1/2: Respondent R01 (Researcher)`);
    expect(screen).toContain(`[${interviews}] persona 2/2: Daniel (Freelance product designer)`);
    expect(screen).toMatch(new RegExp(`\\[${survey}\\] done: 2 persona\\(s\\)`));
    // Stage lines are the bar's job on a terminal.
    expect(screen).not.toContain('request (3/5)');
    // Documents wait for the bars to go, so the terminal's width cannot cut them.
    expect(stdout.match(/^# 2 persona\(s\)$/gm)).toHaveLength(2);
    expect(stdout).not.toMatch(/\x1b/);
  });

  it('shows a retry and a failed run', async () => {
    server.current.enqueue({ status: 503, errorMessage: 'busy' }, { status: 401, errorMessage: 'bad key' });
    const { code, stderr } = await runMain(['generate', interviews, '--count', '1', ...against()], { tty: true });
    expect(code).toBe(1);
    const screen = visible(stderr);
    expect(screen).toMatch(/retrying in \d+\.\d s \(attempt 2\): .*busy/);
    expect(screen).toMatch(/failed: .*bad key/);
    expect(screen).toMatch(/[█░]{20} 0\/1 personas \| failed/);
  });

  it('uses plain lines on a dumb terminal', async () => {
    const { code, stderr } = await runMain(['generate', interviews, '--count', '1', ...against()], { tty: true, env: { TERM: 'dumb' } });
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/\x1b/);
    expect(stderr).toContain('persona 1/1: Maya (Operations lead)');
  });
});
