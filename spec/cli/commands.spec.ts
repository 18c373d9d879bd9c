import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { version } from '../../package.json';
import { AsyncPersonaGenerator } from '../../lib';
import { Experiment } from '../../lib/node';
import { startFakeLlmServer } from '../../lib/testing';
import { runMain, SAMPLES, startMain } from './support/cli-harness';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'persona-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const interviews = join(SAMPLES, 'interviews.md');

describe('persona: help, version and usage errors', () => {
  it('--help lists the commands and examples; --version prints the version (exit 0)', async () => {
    const help = await runMain(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: persona \[options\] \[command\]/);
    expect(help.stdout).toMatch(/generate \[options\] \[data\.\.\.\]/);
    expect(help.stdout).toContain('persona generate samples/data/ --provider simulated');
    for (const command of ['generate', 'estimate', 'experiment']) {
      const { code, stdout } = await runMain([command, '--help']);
      expect([command, code]).toEqual([command, 0]);
      expect(stdout).toMatch(new RegExp(`Usage: persona ${command}`));
    }
    expect(await runMain(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('an unknown flag exits 2, names it and suggests the right one', async () => {
    const { code, stdout, stderr } = await runMain(['generate', interviews, '--cuont', '2']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("error: unknown option '--cuont'\n(Did you mean --count?)\n(add --help for usage)\n");
  });

  it.each([
    [['--count', 'many'], 'error: option --count: must be a whole number\n'],
    [['--count', '0'], 'error: option --count: must be at least 1\n'],
    [['--count', '25'], 'error: option --count: must be at most 20\n'],
    [['--concurrency', '0'], 'error: option --concurrency: must be at least 1\n'],
    [['--runs', '0'], 'error: option --runs: must be at least 1\n'],
    [['--budget', 'lots'], 'error: option --budget: must be a number such as 0.5\n'],
    [['--budget=-1'], 'error: option --budget: must be positive\n'],
    [['--budget', '0'], 'error: option --budget: must be positive\n'],
    [['--provider', 'acme'], "error: option '-p, --provider <name>' argument 'acme' is invalid."],
    [['--base-url', ''], 'error: option --base-url: must not be empty\n'],
  ])('a bad value %j exits 2 and says what is wrong with which flag', async (flags, message) => {
    const { code, stdout, stderr } = await runMain(['generate', interviews, ...flags]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.startsWith(message)).toBe(true);
  });

  it('help describes every flag and argument: --debug with each command, defaults as numbers', async () => {
    const generate = (await runMain(['generate', '--help'])).stdout;
    expect(generate).toMatch(/--debug +on failure, print the stack trace/);
    expect(generate).toMatch(/--runs <n> +runs per data set \(default: 1\)/);
    for (const command of ['show', 'runs', 'add-data', 'delete']) {
      expect((await runMain(['experiment', command, '--help'])).stdout).toMatch(/Arguments:\n +name +the experiment \(see: persona experiment list\)/);
    }
  });

  it('no data and no experiment exits 2 with a clear line', async () => {
    const { code, stderr } = await runMain(['generate', '--provider', 'simulated']);
    expect(code).toBe(2);
    expect(stderr).toBe("error: No research data: give files or directories, or --experiment NAME to use an experiment's data\n");
  });

  it('missing data files exit 2, naming the file', async () => {
    const missing = join(dir, 'nope.csv');
    const { code, stderr } = await runMain(['generate', missing, '--provider', 'openai', '--base-url', 'http://127.0.0.1:9/v1']);
    expect(code).toBe(2);
    expect(stderr).toBe(`error: Research data not found: ${missing}\n`);
  });

  it('no key for the provider: one line saying which variable to set, or to try the simulated provider (exit 2)', async () => {
    for (const [provider, variable] of [
      ['openai', 'OPENAI_API_KEY'],
      ['anthropic', 'ANTHROPIC_API_KEY'],
    ]) {
      const { code, stdout, stderr } = await runMain(['generate', interviews, '--provider', provider], { env: {} });
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(
        `error: No API key for ${provider}: set ${variable} in the environment, or add --provider simulated to try persona without a key\n`,
      );
    }
  });

  it('--debug adds the stack trace, and a key never shows in either form', async () => {
    const key = 'sk-cli-secret-0123456789';
    const server = await startFakeLlmServer({ script: [{ status: 401, errorMessage: `Incorrect API key provided: ${key}` }] });
    try {
      const env = { OPENAI_API_KEY: key, OPENAI_BASE_URL: server.url };
      const plain = await runMain(['generate', interviews], { env });
      expect(plain.code).toBe(1);
      expect(plain.stderr).toMatch(/failed: .*401/);
      expect(plain.stderr).not.toContain(key);
      expect(server.requests[0].headers.authorization).toBe(`Bearer ${key}`);

      const failing = await runMain(['--debug', 'experiment', 'show', 'missing', '--base-dir', dir], { env });
      expect(failing.code).toBe(2);
      expect(failing.stderr).toMatch(/^ExperimentError: No experiment named 'missing'.*\n\s+at /);
    } finally {
      await server.close();
    }
  });
});

describe('persona generate --provider simulated', () => {
  it('starts the built-in server, says so on stderr, and generates with no key', async () => {
    const { code, stdout, stderr } = await runMain(['generate', interviews, '--provider', 'simulated', '--count', '1'], { env: {} });
    expect(code).toBe(0);
    expect(stderr.split('\n')[0]).toMatch(
      /^Using the simulated provider at http:\/\/127\.0\.0\.1:\d+\/v1: no API key needed; its personas are assembled from your data by a stand-in, not written by a model\.$/,
    );
    expect(stdout).toContain('## Maya');
  });

  it('is what runs when no --provider is given and no key is set, and says why', async () => {
    const { code, stdout, stderr } = await runMain(['generate', interviews, '--count', '1'], { env: {} });
    expect(code).toBe(0);
    expect(stderr.split('\n')[0]).toMatch(
      /^Using the simulated provider at http:\/\/127\.0\.0\.1:\d+\/v1: no API key found \(OPENAI_API_KEY, ANTHROPIC_API_KEY, GOOGLE_API_KEY, GEMINI_API_KEY\); its personas/,
    );
    expect(stdout).toContain('## Maya');
  });

  it('with no --provider, picks the provider whose key is set', async () => {
    const server = await startFakeLlmServer();
    try {
      const env = { ANTHROPIC_API_KEY: 'sk-ant-test-123456', ANTHROPIC_BASE_URL: server.origin };
      const { code, stderr } = await runMain(['generate', interviews, '--count', '1'], { env });
      expect(code).toBe(0);
      expect(stderr).not.toContain('simulated');
      expect(server.requests.map((request) => [request.provider, request.headers['x-api-key']])).toEqual([['anthropic', 'sk-ant-test-123456']]);
    } finally {
      await server.close();
    }
  });

  it('names the provider simulated everywhere and prices nothing', async () => {
    const { code, stdout, stderr } = await runMain(['generate', interviews, '--provider', 'simulated', '--count', '1', '--json'], { env: {} });
    expect(code).toBe(0);
    const [run] = JSON.parse(stdout).runs;
    expect(run.result).toMatchObject({ provider: 'simulated', model: 'stand-in' });
    expect(run.result).not.toHaveProperty('costUsd');
    expect(stderr).toContain('\nrequest (3/5): Requesting 1 persona(s) from simulated (stand-in)\n');
    expect(stderr).toMatch(/\ndone: 1 persona\(s\), [\d,]+ tokens \([\d,]+ input \+ [\d,]+ output\), \d+\.\d s\n/);
    expect(stderr).not.toMatch(/openai|gpt|\$/);
  });

  it('with --base-url, asks that simulated server instead of starting one', async () => {
    const server = await startFakeLlmServer();
    try {
      const { code, stdout, stderr } = await runMain(['generate', interviews, '--provider', 'simulated', '--base-url', server.url, '--count', '1'], { env: {} });
      expect(code).toBe(0);
      expect(stderr).not.toContain('Using the simulated provider');
      expect(stdout).toContain('## Maya');
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

describe('persona estimate', () => {
  it('prints tokens and cost per data set with no key and no request', async () => {
    const { code, stdout } = await runMain(['estimate', interviews, SAMPLES], { env: {} });
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(`^${interviews}: [\\d,]+ input tokens \\(counted with the model's tokenizer\\) \\+ ~1,220 output tokens, about \\$0\\.\\d+ with openai gpt-4o-mini \\(prices as of 2026-09-23\\); context window 128,000 tokens$`),
    );
    expect(lines[1]).toMatch(new RegExp(`^${SAMPLES}: `));
  });

  it('says how data larger than the model\'s window will be sent: its chunks and consolidations', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'persona-estimate-'));
    try {
      // About 700,000 characters, some 180,000 tokens: over gpt-4o's 128k window.
      const large = join(folder, 'transcripts.md');
      writeFileSync(large, Array.from({ length: 12_000 }, (_, line) => `P${line % 60}: "Exports are so slow that I copy the table by hand."`).join('\n'));
      const { code, stdout } = await runMain(['estimate', large, '--provider', 'openai', '--model', 'gpt-4o']);
      expect(code).toBe(0);
      expect(stdout).toMatch(/: [\d,]+ input tokens \(counted with the model's tokenizer\) \+ ~3,660 output tokens, gpt-4o window 128k: 2 chunks \+ 1 consolidation, about \$0\.\d+ with openai gpt-4o \(prices as of 2026-09-23\)\n$/);
      const { estimates } = JSON.parse((await runMain(['estimate', large, '--provider', 'openai', '--model', 'gpt-4o', '--json'])).stdout);
      expect(estimates[0]).toMatchObject({ contextWindow: 128_000, chunks: 2, consolidations: 1, tokenCounting: 'tokenizer' });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('--json gives the estimates as data; a model without a price says so', async () => {
    const json = await runMain(['estimate', interviews, '--provider', 'anthropic', '--count', '2', '--json']);
    const { estimates } = JSON.parse(json.stdout);
    expect(estimates).toEqual([
      expect.objectContaining({ label: interviews, provider: 'anthropic', model: 'claude-sonnet-4-6', outputTokens: 820, tokenCounting: 'approximation' }),
    ]);
    expect(estimates[0].costUsd).toBeGreaterThan(0);
    const unpriced = await runMain(['estimate', interviews, '--provider', 'openai-compatible', '--model', 'my-local-model']);
    expect(unpriced.stdout).toMatch(/no price known for this model with openai-compatible my-local-model\n$/);
    const simulated = await runMain(['estimate', interviews, '--provider', 'simulated', '--model', 'gpt-4o-mini'], { env: {} });
    expect(simulated.code).toBe(0);
    expect(simulated.stdout).toMatch(/ output tokens, no cost with simulated gpt-4o-mini\n$/);
  });

  it('warns once, on stderr, when the model is deprecated, and still estimates', async () => {
    const { code, stdout, stderr } = await runMain(['estimate', interviews, SAMPLES, '--provider', 'anthropic', '--model', 'claude-sonnet-4-5']);
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(stdout).toContain('with anthropic claude-sonnet-4-5 (prices as of 2026-09-23); context window 200,000 tokens');
    expect(stderr).toBe('warning: anthropic model claude-sonnet-4-5 reached its announced end of life on 2026-11-30; use claude-sonnet-4-6\n');
  });

  it("estimates an experiment's own data with its provider", async () => {
    expect((await runMain(['experiment', 'create', 'study', '--provider', 'gemini', '--base-dir', dir])).code).toBe(0);
    expect((await runMain(['experiment', 'add-data', 'study', interviews, '--base-dir', dir])).code).toBe(0);
    const { code, stdout } = await runMain(['estimate', '--experiment', 'study', '--base-dir', dir, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).estimates).toEqual([expect.objectContaining({ label: 'study', provider: 'gemini', model: 'gemini-3.5-flash-lite' })]);
  });
});

describe('persona experiment', () => {
  const base = (): string[] => ['--base-dir', dir];

  it('create, list, add-data, show, runs and delete, in text and as JSON', async () => {
    const created = await runMain(['experiment', 'create', 'study', '-d', 'Q3 interviews', '--provider', 'openai', ...base()]);
    expect(created).toEqual({ code: 0, stdout: `Created experiment study in ${join(dir, 'study')}\n`, stderr: '' });

    const again = await runMain(['experiment', 'create', 'study', ...base()]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^error: Experiment 'study' already exists/);

    const list = await runMain(['experiment', 'list', ...base()]);
    expect(list.stdout).toMatch(/^NAME {3}PROVIDER {2}CREATED {19}DESCRIPTION\nstudy {2}openai {4}\S+ {2}Q3 interviews\n$/);
    expect(JSON.parse((await runMain(['experiment', 'list', '--json', ...base()])).stdout)).toEqual([
      expect.objectContaining({ name: 'study', provider: 'openai', description: 'Q3 interviews' }),
    ]);

    const added = await runMain(['experiment', 'add-data', 'study', interviews, join(SAMPLES, 'survey.csv'), ...base()]);
    expect(added.stdout).toBe('Added 2 file(s) to study: interviews.md, survey.csv\n');

    const noRuns = await runMain(['experiment', 'runs', 'study', ...base()]);
    expect(noRuns.stdout).toBe('No runs in experiment study yet; make one with: persona generate --experiment study\n');

    const generated = await runMain(['generate', '--experiment', 'study', '--provider', 'simulated', '--count', '1', ...base()]);
    expect(generated.code).toBe(0);

    const runs = await runMain(['experiment', 'runs', 'study', ...base()]);
    expect(runs.stdout).toMatch(/^RUN +PERSONAS +QUOTES VERIFIED +TOKENS +COST +TIME +FINISHED +MODEL\n\S+ +1 +(\d+)\/\1 +[\d,]+ +- +\d+\.\d s +\S+ +simulated stand-in\n$/);
    const [run] = JSON.parse((await runMain(['experiment', 'runs', 'study', '--json', ...base()])).stdout);
    expect(run).toMatchObject({ personas: 1, provider: 'simulated', model: 'stand-in', quality: { quotesTotal: 2, quotesVerified: 2 } });
    expect(run).not.toHaveProperty('costUsd');

    const shown = await runMain(['experiment', 'show', 'study', ...base()]);
    expect(shown.stdout).toContain('study: Q3 interviews\n');
    expect(shown.stdout).toMatch(/data {6}2 file\(s\)\n {12}interviews\.md \([\d,]+ bytes\)\n {12}survey\.csv/);
    expect(shown.stdout).toMatch(/runs {6}1 run\(s\), 1 persona\(s\), [\d,]+ tokens\n {2}quotes {4}(\d+)\/\1 verified in the research data\n$/);
    const shownJson = JSON.parse((await runMain(['experiment', 'show', 'study', '--json', ...base()])).stdout);
    expect(shownJson).toMatchObject({ experiment: { name: 'study' }, statistics: { runs: 1, personas: 1, dataFiles: 2 } });
    expect(shownJson.statistics.quotesVerified).toBe(shownJson.statistics.quotesTotal);
    expect(shownJson.statistics.quotesTotal).toBeGreaterThan(0);
    expect(shownJson.data.map((file: { name: string }) => file.name)).toEqual(['interviews.md', 'survey.csv']);

    const refused = await runMain(['experiment', 'delete', 'study', ...base()]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('error: Deleting removes experiment study, its data and every run: add --yes to confirm\n');
    expect(readdirSync(dir)).toEqual(['study']);

    expect(await runMain(['experiment', 'delete', 'study', '--yes', ...base()])).toEqual({ code: 0, stdout: 'Deleted experiment study\n', stderr: '' });
    expect(readdirSync(dir)).toEqual([]);
    expect(await runMain(['experiment', 'list', ...base()])).toMatchObject({ stdout: `No experiments in ${dir}; create one with: persona experiment create NAME\n` });
  });

  it('shows how much input the prompt cache served over the runs', async () => {
    const server = await startFakeLlmServer();
    try {
      const notes = join(dir, 'long-notes.md');
      writeFileSync(notes, Array.from({ length: 120 }, (_, index) => `P${index}: "I want my weekly report in one place, it costs me ${index} minutes."`).join('\n'));
      await runMain(['experiment', 'create', 'cached', '--provider', 'simulated', ...base()]);
      await runMain(['experiment', 'add-data', 'cached', notes, ...base()]);
      // Two runs of one generator share the prefix; a CLI call each would not (each draws its own fence secret).
      const generator = new AsyncPersonaGenerator({ experiment: await Experiment.aload('cached', { baseDir: dir }), baseURL: server.url });
      await generator.agenerateBatch([{ count: 1 }, { count: 2 }]);
      const shown = await runMain(['experiment', 'show', 'cached', ...base()]);
      const statistics = JSON.parse((await runMain(['experiment', 'show', 'cached', '--json', ...base()])).stdout).statistics;
      expect(statistics.cachedInputTokens).toBeGreaterThan(1024);
      expect(statistics.cacheWriteInputTokens).toBe(0);
      const share = Math.round((statistics.cachedInputTokens / statistics.inputTokens) * 100);
      expect(shown.stdout).toContain(
        `  cache     ${statistics.cachedInputTokens.toLocaleString('en-US')} of ${statistics.inputTokens.toLocaleString('en-US')} input tokens read from the prompt cache (${share}%), 0 written\n`,
      );
    } finally {
      await server.close();
    }
  });

  it('refuses names that could leave the base directory (exit 2)', async () => {
    const escaping = await runMain(['experiment', 'create', '../outside', ...base()]);
    expect(escaping.code).toBe(2);
    expect(escaping.stderr).toMatch(/^error: Invalid experiment options: name: may hold only letters/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an experiment created for the simulated provider generates with it', async () => {
    expect((await runMain(['experiment', 'create', 'trial', '--provider', 'simulated', ...base()])).code).toBe(0);
    expect((await runMain(['experiment', 'add-data', 'trial', interviews, ...base()])).code).toBe(0);
    const generated = await runMain(['generate', '--experiment', 'trial', '--count', '1', ...base()], { env: { OPENAI_API_KEY: 'sk-unused-000001' } });
    expect(generated.code).toBe(0);
    expect(generated.stderr).toMatch(/^Using the simulated provider at /);
    expect((await runMain(['experiment', 'runs', 'trial', ...base()])).stdout).toMatch(/ +- +\d+\.\d s +\S+ +simulated stand-in\n$/);
  });

  it('shows an experiment that names no provider and has an unpriced run', async () => {
    const server = await startFakeLlmServer();
    try {
      expect((await runMain(['experiment', 'create', 'bare', ...base()])).code).toBe(0);
      const against = ['--provider', 'openai-compatible', '--model', 'local-model', '--base-url', server.url];
      expect((await runMain(['generate', interviews, '--experiment', 'bare', '--count', '1', ...against, ...base()])).code).toBe(0);
    } finally {
      await server.close();
    }
    expect((await runMain(['experiment', 'list', ...base()])).stdout).toMatch(/\nbare {2}- {9}\S+\n$/);
    const shown = (await runMain(['experiment', 'show', 'bare', ...base()])).stdout;
    expect(shown).toMatch(/^bare\n/);
    expect(shown).toContain('  provider  (chosen when generating)\n');
    expect(shown).toMatch(/runs {6}1 run\(s\), 1 persona\(s\), [\d,]+ tokens\n {2}quotes {4}(\d+)\/\1 verified in the research data\n$/);
    expect((await runMain(['experiment', 'runs', 'bare', ...base()])).stdout).toMatch(/\n\S+ +1 +(\d+)\/\1 +[\d,]+ +- +\d+\.\d s +\S+ +openai-compatible local-model\n$/);
  });

  it('Ctrl-C stops any command (exit 130)', async () => {
    const run = startMain(['experiment', 'list', ...base()]);
    run.interrupt();
    expect(await run.done).toBe(130);
    expect(run.io.stderr.text).toBe('Cancelled (Ctrl-C).\n');
  });

  it('an experiment without data exits 2 before any run and says which command adds some', async () => {
    expect((await runMain(['experiment', 'create', 'empty', ...base()])).code).toBe(0);
    for (const command of ['generate', 'estimate']) {
      const { code, stdout, stderr } = await runMain([command, '--experiment', 'empty', '--provider', 'simulated', ...base()]);
      expect([command, code, stdout]).toEqual([command, 2, '']);
      expect(stderr.trimEnd().split('\n').at(-1)).toBe(
        "error: Experiment 'empty' has no research data: add some with persona experiment add-data empty FILES..., or give data files",
      );
    }
    expect(readdirSync(join(dir, 'empty', 'outputs'))).toEqual([]);
  });

  it('an experiment that does not exist exits 2', async () => {
    const { code, stderr } = await runMain(['experiment', 'runs', 'ghost', ...base()]);
    expect(code).toBe(2);
    expect(stderr).toBe(`error: No experiment named 'ghost' in ${dir}\n`);
  });
});
