import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { ConfigurationError, DataError, Experiment, ExperimentError, PersonaGenerator } from '../../lib/node';
import { useTempDir } from '../data/support/temp-dir';

const dir = useTempDir();
const baseDir = (): string => join(dir.path, 'experiments');
const create = (name = 'study', extra: Partial<Parameters<typeof Experiment.acreate>[0]> = {}): Promise<Experiment> =>
  Experiment.acreate({ name, baseDir: baseDir(), ...extra });

async function failure<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(type);
  return error as T;
}

describe('Experiment.create$', () => {
  it('lays out experiment.json, data/ and outputs/ under baseDir, and nothing else', async () => {
    const experiment = await create('onboarding-2026', { description: 'Why do trials stall?', provider: 'anthropic', model: 'claude-haiku-4-5' });
    const root = join(baseDir(), 'onboarding-2026');
    expect(experiment.path).toBe(root);
    expect(readdirSync(baseDir())).toEqual(['onboarding-2026']);
    expect(readdirSync(root).sort()).toEqual(['data', 'experiment.json', 'outputs']);
    const file = JSON.parse(readFileSync(join(root, 'experiment.json'), 'utf8'));
    expect(file).toEqual({
      formatVersion: 1,
      description: 'Why do trials stall?',
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
      createdAt: experiment.createdAt,
    });
    expect(Date.parse(experiment.createdAt)).not.toBeNaN();
    expect(JSON.parse(JSON.stringify(experiment))).toEqual({
      name: 'onboarding-2026',
      description: 'Why do trials stall?',
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
      createdAt: experiment.createdAt,
      path: root,
    });
  });

  it('uses ./experiments in the working directory as baseDir by default', async () => {
    const cwd = process.cwd();
    process.chdir(dir.path);
    try {
      const experiment = await Experiment.acreate({ name: 'default-place' });
      expect(experiment.path).toBe(join(process.cwd(), 'experiments', 'default-place'));
      await expect(Experiment.aload('default-place')).resolves.toHaveProperty('path', experiment.path);
      await expect(lastValueFrom(Experiment.load$('default-place'))).resolves.toHaveProperty('path', experiment.path);
      await expect(Experiment.alist()).resolves.toEqual([experiment.info]);
      await expect(lastValueFrom(Experiment.list$())).resolves.toEqual([experiment.info]);
    } finally {
      process.chdir(cwd);
    }
  });

  it('is cold: nothing is created until subscribed', async () => {
    const create$ = Experiment.create$({ name: 'later', baseDir: baseDir() });
    expect(existsSync(baseDir())).toBe(false);
    await lastValueFrom(create$);
    expect(existsSync(join(baseDir(), 'later', 'experiment.json'))).toBe(true);
  });

  it('refuses an existing experiment with ExperimentError and leaves it as it was', async () => {
    const first = await create('study', { description: 'first' });
    await first.aaddData(dir.write('notes.md', 'Ana: I need one place'));
    const before = readFileSync(join(first.path, 'experiment.json'), 'utf8');

    const error = await failure(create('study', { description: 'second' }), ExperimentError);
    expect(error.message).toMatch(/Experiment 'study' already exists/);
    expect(readFileSync(join(first.path, 'experiment.json'), 'utf8')).toBe(before);
    expect(readdirSync(join(first.path, 'data'))).toEqual(['notes.md']);
    expect(readdirSync(baseDir())).toEqual(['study']);
  });

  it('lets only one of two simultaneous creations of one name win', async () => {
    const outcomes = await Promise.allSettled([create('race'), create('race'), create('race')]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(rejected.map((outcome) => outcome.reason)).toEqual([expect.any(ExperimentError), expect.any(ExperimentError)]);
    expect(rejected.map((outcome) => (outcome.reason as Error).message)).toEqual([
      `Experiment 'race' already exists in ${baseDir()}; load it, or choose another name`,
      `Experiment 'race' already exists in ${baseDir()}; load it, or choose another name`,
    ]);
    expect(readdirSync(baseDir())).toEqual(['race']);
  });

  it.each([
    ['..'],
    ['.'],
    ['../escape'],
    ['nested/name'],
    ['back\\slash'],
    ['/tmp/absolute'],
    [''],
    ['.hidden'],
    ['trailing.'],
    ['with space'],
    ['CON'],
    ['nul.txt'],
    ['lpt1'],
    ['x'.repeat(101)],
  ])('refuses the name %j with ConfigurationError naming the field, creating nothing anywhere', async (name) => {
    const error = await failure(Experiment.acreate({ name, baseDir: baseDir() }), ConfigurationError);
    expect(error.fields).toEqual(expect.arrayContaining(['name']));
    expect(readdirSync(dir.path)).toEqual([]);
    const loadError = await failure(Experiment.aload(name, { baseDir: baseDir() }), ConfigurationError);
    expect(loadError.fields).toEqual(expect.arrayContaining(['name']));
  });

  it('refuses other bad options with ConfigurationError naming each field', async () => {
    const error = await failure(
      Experiment.acreate({ name: 'ok', baseDir: '', provider: 'mistral' as 'openai', maxFileBytes: -1 }),
      ConfigurationError,
    );
    expect(error.fields.sort()).toEqual(['baseDir', 'maxFileBytes', 'provider']);
    expect(readdirSync(dir.path)).toEqual([]);
  });
});

describe('Experiment.load$ and list$', () => {
  it('loads what create wrote', async () => {
    const created = await create('study', { description: 'd', provider: 'gemini' });
    const loaded = await Experiment.aload('study', { baseDir: baseDir() });
    expect(loaded.info).toEqual(created.info);
    expect(loaded.provider).toBe('gemini');
    expect(loaded.model).toBeUndefined();
  });

  it('refuses a missing experiment, or a directory that is not one, with ExperimentError', async () => {
    expect((await failure(Experiment.aload('ghost', { baseDir: baseDir() }), ExperimentError)).message).toBe(
      `No experiment named 'ghost' in ${baseDir()}`,
    );
    mkdirSync(join(baseDir(), 'plain'), { recursive: true });
    expect((await failure(Experiment.aload('plain', { baseDir: baseDir() }), ExperimentError)).message).toMatch(
      /^Experiment 'plain': experiment.json does not exist/,
    );
  });

  it.each([
    ['not JSON', '{"formatVersion": 1,', /experiment.json is not valid JSON/],
    ['a wrong type', '{"formatVersion": 1, "description": 7, "createdAt": "2026-01-01T00:00:00Z"}', /experiment.json is invalid: description: /],
    ['an unknown provider', '{"formatVersion": 1, "description": "", "provider": "acme", "createdAt": "2026-01-01T00:00:00Z"}', /provider/],
    ['a newer format', '{"formatVersion": 2, "description": "", "createdAt": "2026-01-01T00:00:00Z"}', /formatVersion/],
  ])('refuses a hand-edited experiment.json holding %s with a clear ExperimentError', async (_what, text, message) => {
    const experiment = await create('edited');
    writeFileSync(join(experiment.path, 'experiment.json'), text);
    const error = await failure(Experiment.aload('edited', { baseDir: baseDir() }), ExperimentError);
    expect(error.message).toMatch(message);
    expect(error.message).toContain(join(experiment.path, 'experiment.json'));
  });

  it('lists the experiments by name, passing over files, hidden and foreign directories', async () => {
    await create('b-study', { description: 'second' });
    await create('a-study', { provider: 'ollama' });
    mkdirSync(join(baseDir(), 'not-an-experiment'));
    mkdirSync(join(baseDir(), 'Has Spaces'));
    writeFileSync(join(baseDir(), 'notes.txt'), 'x');
    const list = await Experiment.alist({ baseDir: baseDir() });
    expect(list.map(({ name, description, provider }) => ({ name, description, provider }))).toEqual([
      { name: 'a-study', description: '', provider: 'ollama' },
      { name: 'b-study', description: 'second', provider: undefined },
    ]);
    expect(list[0].path).toBe(join(baseDir(), 'a-study'));
  });

  it('refuses an experiment.json that cannot be read, saying why', async () => {
    const experiment = await create('odd');
    rmSync(join(experiment.path, 'experiment.json'));
    mkdirSync(join(experiment.path, 'experiment.json'));
    await expect(Experiment.aload('odd', { baseDir: baseDir() })).rejects.toThrow(
      `Experiment 'odd': experiment.json cannot be read (EISDIR) (${join(experiment.path, 'experiment.json')})`,
    );
  });

  it('fails the list with ExperimentError when baseDir is not a directory', async () => {
    writeFileSync(join(dir.path, 'a-file'), 'x');
    const error = await failure(Experiment.alist({ baseDir: join(dir.path, 'a-file') }), ExperimentError);
    expect(error.message).toMatch(/^Could not list experiments: ENOTDIR/);
  });

  it('lists nothing when baseDir does not exist, creating nothing', async () => {
    await expect(Experiment.alist({ baseDir: baseDir() })).resolves.toEqual([]);
    expect(existsSync(baseDir())).toBe(false);
  });

  it('fails the list with ExperimentError when an experiment.json is broken', async () => {
    const experiment = await create('broken');
    writeFileSync(join(experiment.path, 'experiment.json'), '[]');
    await expect(Experiment.alist({ baseDir: baseDir() })).rejects.toThrow(/Experiment 'broken': experiment.json is invalid/);
  });
});

describe('Experiment#delete$', () => {
  it('requires { confirm: true }, refusing with ConfigurationError and keeping everything', async () => {
    const experiment = await create();
    for (const options of [undefined, {}, { confirm: false }, { confirm: 'yes' }]) {
      const error = await failure(experiment.adelete(options as { confirm: true }), ConfigurationError);
      expect(error.fields).toEqual(['confirm']);
    }
    expect(existsSync(join(experiment.path, 'experiment.json'))).toBe(true);
  });

  it('removes the experiment whole; afterwards it is missing to every operation', async () => {
    const experiment = await create();
    await experiment.aaddData(dir.write('notes.md', 'Ana: slow exports'));
    await experiment.adelete({ confirm: true });
    expect(readdirSync(baseDir())).toEqual([]);

    await expect(Experiment.aload('study', { baseDir: baseDir() })).rejects.toBeInstanceOf(ExperimentError);
    for (const operation of [
      () => experiment.adelete({ confirm: true }),
      () => experiment.alistData(),
      () => experiment.alistRuns(),
      () => experiment.astatistics(),
      () => experiment.aaddData(dir.write('more.md', 'more')),
      () => lastValueFrom(experiment.loadData$()),
    ]) {
      const error = await failure(operation(), ExperimentError);
      expect(error.message).toBe(`Experiment 'study' no longer exists (${experiment.path})`);
    }
  });
});

describe('Experiment#addData$ and listData$', () => {
  it('copies files and directories into data/ byte for byte, in a stable order', async () => {
    const experiment = await create();
    const csv = dir.write('in/survey.csv', '\uFEFFid,quote\n1,"multi\nline"\n');
    dir.write('in/notes/b.md', '# B');
    dir.write('in/notes/a/x.txt', 'X');
    const added = await lastValueFrom(experiment.addData$([csv, join(dir.path, 'in', 'notes')]));
    expect(added).toEqual([
      { name: 'survey.csv', bytes: 27 },
      { name: 'notes/a/x.txt', bytes: 1 },
      { name: 'notes/b.md', bytes: 3 },
    ]);
    expect(readFileSync(join(experiment.path, 'data', 'survey.csv'))).toEqual(readFileSync(csv));
    expect(await experiment.alistData()).toEqual([
      { name: 'notes/a/x.txt', bytes: 1 },
      { name: 'notes/b.md', bytes: 3 },
      { name: 'survey.csv', bytes: 27 },
    ]);
    expect(readdirSync(experiment.path).sort()).toEqual(['data', 'experiment.json', 'outputs']);
  });

  it('copies nothing when any file is bad, naming that file', async () => {
    const experiment = await create();
    const good = dir.write('in/good.md', 'fine');
    const empty = dir.write('in/zz-empty.txt', '');
    const error = await failure(experiment.aaddData(join(dir.path, 'in')), DataError);
    expect(error.file).toBe(empty);
    await expect(experiment.aaddData([good, join(dir.path, 'missing.csv')])).rejects.toThrow(/Research data not found/);
    await expect(experiment.aaddData(dir.write('big.txt', 'x'.repeat(50)), { maxFileBytes: 10 })).rejects.toThrow(/over the maxFileBytes limit of 10/);
    await expect(experiment.alistData()).resolves.toEqual([]);
    expect(readdirSync(experiment.path).sort()).toEqual(['data', 'experiment.json', 'outputs']);
  });

  it('never overwrites a data file the experiment holds: DataError, original kept, nothing else copied', async () => {
    const experiment = await create();
    await experiment.aaddData(dir.write('notes.md', 'original'));
    const newer = dir.write('other/notes.md', 'newer');
    const extra = dir.write('extra.txt', 'extra');
    const error = await failure(experiment.aaddData([extra, newer]), DataError);
    expect(error.message).toMatch(/already holds a data file named 'notes.md'/);
    expect(readFileSync(join(experiment.path, 'data', 'notes.md'), 'utf8')).toBe('original');
    await expect(experiment.alistData()).resolves.toEqual([{ name: 'notes.md', bytes: 8 }]);
  });

  it('takes back the files already placed when placing a later one fails', async () => {
    const experiment = await create();
    // A file where the directory `notes/` must go: checking passes, placing notes/a.md fails.
    writeFileSync(join(experiment.path, 'data', 'notes'), 'in the way');
    const first = dir.write('first.md', 'first');
    dir.write('notes/a.md', 'a');
    const error = await failure(experiment.aaddData([first, join(dir.path, 'notes')]), ExperimentError);
    expect(error.message).toMatch(/^Could not add data to experiment 'study'/);
    expect(readdirSync(join(experiment.path, 'data'))).toEqual(['notes']);
    expect(readdirSync(experiment.path).sort()).toEqual(['data', 'experiment.json', 'outputs']);
  });

  it('applies the maxFileBytes given at load time to data added later', async () => {
    await create();
    const experiment = await Experiment.aload('study', { baseDir: baseDir(), maxFileBytes: 4 });
    await expect(experiment.aaddData(dir.write('five.txt', '12345'))).rejects.toBeInstanceOf(DataError);
    await expect(experiment.aaddData(dir.write('four.txt', '1234'))).resolves.toEqual([{ name: 'four.txt', bytes: 4 }]);
  });

  it('refuses bad paths and options with ConfigurationError', async () => {
    const experiment = await create();
    expect((await failure(experiment.aaddData([]), ConfigurationError)).message).toMatch(/data paths/);
    expect((await failure(experiment.aaddData('x.md', { maxFileBytes: 1.5 }), ConfigurationError)).fields).toEqual(['maxFileBytes']);
  });
});

describe('Experiment#loadData$', () => {
  it('gives a bound generator the data files, named by their path in data/', async () => {
    const experiment = await create();
    await experiment.aaddData([dir.write('b.txt', 'Ticket: slow'), dir.write('a.csv', 'who,wish\nAna,speed\n')]);
    await expect(lastValueFrom(experiment.loadData$())).resolves.toEqual([
      { name: 'a.csv', content: 'Row 1\nwho: Ana\nwish: speed' },
      { name: 'b.txt', content: 'Ticket: slow' },
    ]);
  });

  it('fails with DataError when the experiment has no data, and checks files put in data/ by hand', async () => {
    const experiment = await create();
    const error = await failure(lastValueFrom(experiment.loadData$()), DataError);
    expect(error.message).toBe("Experiment 'study' has no research data: add some with addData$, or pass data in the config");
    writeFileSync(join(experiment.path, 'data', 'photo.png'), Buffer.from([0x89, 0x50]));
    await expect(lastValueFrom(experiment.loadData$())).rejects.toThrow(/Unsupported data file type/);
  });

  it("supplies the provider and model a generator uses when it names none", async () => {
    const experiment = await create('study', { provider: 'openai-compatible', model: 'local-llama' });
    const generator = new PersonaGenerator({ experiment, baseURL: 'http://127.0.0.1:9/v1' });
    expect([generator.provider, generator.model]).toEqual(['openai-compatible', 'local-llama']);
  });
});

describe('Experiment#listRuns$ and statistics$ on an experiment without runs', () => {
  it('report nothing yet', async () => {
    const experiment = await create();
    await experiment.aaddData(dir.write('a.md', 'a'));
    await expect(experiment.alistRuns()).resolves.toEqual([]);
    await expect(experiment.astatistics()).resolves.toEqual({
      runs: 0,
      unreadableRuns: 0,
      personas: 0,
      inputTokens: 0,
      outputTokens: 0,
      totalTokens: 0,
      cachedInputTokens: 0,
      cacheWriteInputTokens: 0,
      cacheSavingUsd: 0,
      costUsd: 0,
      unpricedRuns: 0,
      dataFiles: 1,
      quotesTotal: 0,
      quotesVerified: 0,
      batches: [],
    });
  });
});
