import { spawnSync } from 'node:child_process';
import { readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import fsPromises from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { ConfigurationError, DataError, Experiment, ExperimentError } from '../../lib/node';
import { runMain } from '../cli/support/cli-harness';
import { useTempDir } from '../data/support/temp-dir';
import { FAKE_RUN_CONFIG, fakeRunResult } from './support/fake-run';

const dir = useTempDir();
const baseDir = (): string => join(dir.path, 'experiments');
const create = (name = 'study'): Promise<Experiment> => Experiment.acreate({ name, baseDir: baseDir() });

async function failure<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(type);
  return error as T;
}

const result = fakeRunResult;
const config = FAKE_RUN_CONFIG;

afterEach(() => jest.restoreAllMocks());

describe('deleting an experiment while a run is being saved', () => {
  it('leaves nothing: the save fails with ExperimentError instead of recreating the experiment', async () => {
    const experiment = await create();
    const writeFile = fsPromises.writeFile;
    jest.spyOn(fsPromises, 'writeFile').mockImplementation(async (path, data) => {
      if (String(path).endsWith('metadata.json')) await experiment.adelete({ confirm: true });
      return writeFile(path, data);
    });
    const error = await failure(lastValueFrom(experiment.saveRun$({ result: result('20261128T100000000Z-00000001'), config })), ExperimentError);
    expect(error.message).toBe("Experiment 'study' no longer exists (deleted while run 20261128T100000000Z-00000001 was being saved)");
    expect(readdirSync(baseDir())).toEqual([]);
    await failure(Experiment.aload('study', { baseDir: baseDir() }), ExperimentError);
    await expect(create()).resolves.toBeInstanceOf(Experiment);
  });

  it('leaves nothing when the delete comes just before the run is published', async () => {
    const experiment = await create();
    const rename = fsPromises.rename;
    jest.spyOn(fsPromises, 'rename').mockImplementation(async (from, to) => {
      if (String(to).includes('outputs')) {
        jest.mocked(fsPromises.rename).mockImplementation(rename);
        await experiment.adelete({ confirm: true });
      }
      return rename(from, to);
    });
    await failure(lastValueFrom(experiment.saveRun$({ result: result('20261128T100000000Z-00000002'), config })), ExperimentError);
    expect(readdirSync(baseDir())).toEqual([]);
  });
});

describe('cleanup never masks the error that matters', () => {
  function deadPid(): number {
    return spawnSync(process.execPath, ['-e', '']).pid!;
  }

  it('a failed sweep of stale staging folders does not fail a create or a load that succeeded', async () => {
    await create('first');
    const stale = `.staging-old-0000.${deadPid()}.${hostname().replace(/[^A-Za-z0-9-]/g, '-')}`;
    writeFileSync(join(baseDir(), stale), 'left by a killed process');
    writeFileSync(join(baseDir(), 'first', stale), 'left by a killed process');
    const rm = fsPromises.rm;
    jest.spyOn(fsPromises, 'rm').mockImplementation(async (path, options) => {
      if (String(path).endsWith(stale)) throw Object.assign(new Error('EBUSY: resource busy'), { code: 'EBUSY' });
      return rm(path, options);
    });
    await expect(create('second')).resolves.toBeInstanceOf(Experiment);
    await expect(Experiment.aload('first', { baseDir: baseDir() })).resolves.toBeInstanceOf(Experiment);
    await expect(Experiment.alist({ baseDir: baseDir() })).resolves.toHaveLength(2);
  });

  it('a failed unlink while taking back added data does not replace the original error', async () => {
    const experiment = await create();
    writeFileSync(join(experiment.path, 'data', 'b.md'), 'already here');
    const a = dir.write('in/a.md', 'a');
    const b = dir.write('in/b.md', 'b');
    jest.spyOn(fsPromises, 'unlink').mockRejectedValue(Object.assign(new Error('EPERM: not permitted'), { code: 'EPERM' }));
    const error = await failure(experiment.aaddData([a, b]), DataError);
    expect(error.message).toBe(`The experiment already holds a data file named 'b.md': ${b}`);
  });
});

describe('adding a folder, then a file inside it', () => {
  it('does not store the same file twice: DataError naming the copy already held', async () => {
    const experiment = await create();
    const inside = dir.write('notes/a.md', 'interview A');
    dir.write('notes/b.md', 'interview B');
    await experiment.aaddData(join(dir.path, 'notes'));
    const error = await failure(experiment.aaddData(inside), DataError);
    expect(error.message).toBe(`The experiment already holds this file's content as 'notes/a.md': ${inside}`);
    await failure(experiment.aaddData([join(dir.path, 'notes', 'b.md'), dir.write('other/b-copy.md', 'interview B')]), DataError);
    expect((await experiment.alistData()).map((file) => file.name)).toEqual(['notes/a.md', 'notes/b.md']);
  });
});

describe('baseDir that cannot be used', () => {
  it('a NUL byte is a ConfigurationError naming baseDir', async () => {
    const bad = `${dir.path}/exp\0eriments`;
    for (const attempt of [
      Experiment.acreate({ name: 'study', baseDir: bad }),
      Experiment.aload('study', { baseDir: bad }),
      Experiment.alist({ baseDir: bad }),
    ]) {
      expect((await failure(attempt, ConfigurationError)).fields).toEqual(['baseDir']);
    }
  });

  it('a path that cannot be reached (a link loop) is reported as such, not as a missing experiment', async () => {
    symlinkSync(join(dir.path, 'loop-b'), join(dir.path, 'loop-a'));
    symlinkSync(join(dir.path, 'loop-a'), join(dir.path, 'loop-b'));
    const error = await failure(Experiment.aload('study', { baseDir: join(dir.path, 'loop-a') }), ExperimentError);
    expect(error.message).toContain('ELOOP');
    expect(error.message).not.toContain('No experiment named');
  });

  const asUnprivileged = process.getuid?.() === 0 ? it.skip : it;
  if (process.getuid?.() === 0) console.warn('hostile-folders: running as root, so permission (EACCES) cases are skipped');
  asUnprivileged('a directory without permission is EACCES, not "no experiment"', async () => {
    await create();
    await fsPromises.chmod(baseDir(), 0o000);
    try {
      const error = await failure(Experiment.aload('study', { baseDir: baseDir() }), ExperimentError);
      expect(error.message).toContain('EACCES');
    } finally {
      await fsPromises.chmod(baseDir(), 0o755);
    }
  });
});

describe('the CLI with unreadable entries in outputs/', () => {
  it('experiment show and runs go on and report them', async () => {
    const experiment = await create();
    await lastValueFrom(experiment.saveRun$({ result: result('20261128T100000000Z-00000003'), config }));
    writeFileSync(join(experiment.path, 'outputs', 'README'), 'notes');
    const show = await runMain(['experiment', 'show', 'study', '--base-dir', baseDir()]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('1 run(s), 1 persona(s)');
    expect(show.stdout).toContain('unreadable 1 entry(ies) in outputs/');
    const runs = await runMain(['experiment', 'runs', 'study', '--base-dir', baseDir()]);
    expect(runs.code).toBe(0);
    expect(runs.stdout).toMatch(/README .*unreadable: Experiment 'study', run README is not a run/);
  });
});
