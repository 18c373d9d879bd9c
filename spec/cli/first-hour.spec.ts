import { createServer } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docxOf } from '../data/support/docx-fixture';
import { pdfOf } from '../data/support/pdf-fixture';
import { runMain, SAMPLES } from './support/cli-harness';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'persona-first-hour-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const interviews = join(SAMPLES, 'interviews.md');
const BANNER = /Using the simulated provider at/;

/** A loopback port with nothing listening on it: bound, noted, released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A folder with one supported file and two that are not. */
function mixedFolder(): string {
  const folder = join(dir, 'study');
  mkdirSync(join(folder, 'sub'), { recursive: true });
  writeFileSync(join(folder, 'notes.md'), 'Sam: "I chart everything twice."');
  writeFileSync(join(folder, 'budget.xlsx'), 'PK');
  writeFileSync(join(folder, 'sub', 'photo.png'), 'x');
  return folder;
}

describe('a folder with files of unsupported type', () => {
  it('is read without them, with one warning line naming them all, before the provider banner', async () => {
    const folder = mixedFolder();
    const { code, stderr } = await runMain(['generate', folder, '--provider', 'simulated', '--count', '1', '--json']);
    expect(code).toBe(0);
    const warnings = stderr.split('\n').filter((line) => line.startsWith('Warning:'));
    expect(warnings).toEqual([
      `Warning: skipped 2 files of unsupported type: ${join(folder, 'budget.xlsx')}, ${join(folder, 'sub', 'photo.png')} (--strict-data refuses them instead)`,
    ]);
    expect(stderr.indexOf('Warning:')).toBeLessThan(stderr.search(BANNER));
  });

  it('is refused with --strict-data (exit 2, as every data error), naming the first', async () => {
    const folder = mixedFolder();
    const { code, stderr } = await runMain(['generate', folder, '--provider', 'simulated', '--strict-data']);
    expect(stderr).toMatch(new RegExp(`^error: Unsupported data file type: ${join(folder, 'budget.xlsx').replace(/[.\\/]/g, '\\$&')} \\(supported: `));
    expect(stderr).not.toMatch(BANNER);
    expect(code).toBe(2);
  });

  it('estimate and batch submit take --strict-data too', async () => {
    const folder = mixedFolder();
    const estimate = await runMain(['estimate', folder, '--strict-data']);
    expect(estimate.stderr).toMatch(/Unsupported data file type/);
    const submit = await runMain(['batch', 'submit', folder, '--provider', 'simulated', '--strict-data']);
    expect(submit.stderr).toMatch(/Unsupported data file type/);
    expect(submit.stderr).not.toMatch(BANNER);
  });
});

describe('a folder of real research data: notes, a Word document, a transcript, a PDF and a stray file', () => {
  it('gives personas whose quotes verify against the Word document and the transcript, and names the skipped file', async () => {
    const folder = join(dir, 'ward-study');
    mkdirSync(folder);
    writeFileSync(join(folder, 'notes.md'), '# Ward study\n\nObserved two handovers on the night shift.\n');
    writeFileSync(
      join(folder, 'interview.docx'),
      await docxOf(['Interview, 3 March', 'P1 (Sam, nurse, 34): I chart everything twice because the tablet logs me out.', 'P1 (Sam, nurse): I want handovers on one screen.']),
    );
    writeFileSync(
      join(folder, 'ward-visit.vtt'),
      'WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n<v Ana Lopez>I hate counting stock at night by torchlight.\n\n2\n00:00:05.000 --> 00:00:07.000\n<v Ana Lopez>Checks the fridge log at every shift change.\n',
    );
    writeFileSync(join(folder, 'report.pdf'), pdfOf([['Stock checks take an hour per ward.']]));
    writeFileSync(join(folder, 'rota.xlsx'), 'PK');

    const { code, stdout, stderr } = await runMain(['generate', folder, '--provider', 'simulated', '--count', '2', '--json']);
    expect(code).toBe(0);
    expect(stderr.split('\n').filter((line) => line.startsWith('Warning:'))).toEqual([
      `Warning: skipped 1 file of unsupported type: ${join(folder, 'rota.xlsx')} (--strict-data refuses them instead)`,
    ]);
    const { personas, quality } = JSON.parse(stdout).runs[0].result;
    expect(personas.map((persona: { name: string; title: string }) => [persona.name, persona.title])).toEqual([
      ['Sam', 'Nurse'],
      ['Ana Lopez', 'Research participant'],
    ]);
    expect(personas.flatMap((persona: { evidence: unknown[] }) => persona.evidence)).toEqual([
      { quote: 'I chart everything twice because the tablet logs me out.', source: 'ward-study/interview.docx', line: 2, verified: true },
      { quote: 'I want handovers on one screen.', source: 'ward-study/interview.docx', line: 3, verified: true },
      { quote: 'I hate counting stock at night by torchlight.', source: 'ward-study/ward-visit.vtt', line: 5, verified: true },
    ]);
    expect(quality).toEqual({ quotesTotal: 3, quotesVerified: 3 });
  }, 60_000);
});

describe('messages that tell the next step', () => {
  it('a data error prints before, and instead of, the simulated provider banner', async () => {
    const { code, stderr } = await runMain(['generate', join(dir, 'missing.md'), '--provider', 'simulated']);
    expect(code).toBe(2);
    expect(stderr).toBe(`error: Research data not found: ${join(dir, 'missing.md')}\n`);
  });

  it('--budget with a model of no known price exits 2 with what to do instead', async () => {
    const simulated = await runMain(['generate', interviews, '--provider', 'simulated', '--budget', '0.01']);
    expect(simulated.code).toBe(2);
    expect(simulated.stderr).toMatch(
      /error: --budget cannot be enforced: no price is known for simulated model 'stand-in': the simulated provider costs nothing, so leave out --budget\n$/,
    );
    const unknown = await runMain(['generate', interviews, '--provider', 'openai-compatible', '--model', 'my-model', '--base-url', 'http://127.0.0.1:9/v1', '--budget', '0.01']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /no price is known for openai-compatible model 'my-model': leave out --budget, or choose a model whose price is known \(persona estimate --provider openai-compatible --model <id> shows it\)\n$/,
    );
  });

  it('--provider ollama with nothing listening names the address tried and what changes it', async () => {
    const port = await closedPort();
    const { code, stderr } = await runMain(['generate', interviews, '--provider', 'ollama', '--count', '1'], { env: { OLLAMA_HOST: `127.0.0.1:${port}` } });
    expect(code).toBe(1);
    expect(stderr).toContain(
      `Network error talking to ollama at http://127.0.0.1:${port}: ECONNREFUSED: nothing is listening there. Start ollama there, or set OLLAMA_HOST or the baseURL option (--base-url) to where it runs`,
    );
  }, 60_000);

  it('batch submit on the simulated provider without --wait says its batch ends with the command, and suggests --wait', async () => {
    const { code, stderr } = await runMain(['batch', 'submit', interviews, '--provider', 'simulated']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/Submitted batch \S+ to simulated: 1 request\(s\)\. The simulated provider's batches end with this command: add --wait to see the results\.\n$/);
    expect(stderr).not.toMatch(/Follow it with/);
    const waited = await runMain(['batch', 'submit', interviews, '--provider', 'simulated', '--wait', '--poll-interval', '10']);
    expect(waited.code).toBe(0);
    expect(waited.stderr).toMatch(/to simulated: 1 request\(s\)\. Waiting for its results\.\n/);
  });
});
