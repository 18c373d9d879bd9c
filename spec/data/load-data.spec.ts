import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import {
  aloadData,
  CancellationError,
  CancellationToken,
  ConfigurationError,
  DataError,
  DEFAULT_MAX_FILE_BYTES,
  loadData$,
} from '../../lib/node';
import { useTempDir } from './support/temp-dir';

const dir = useTempDir();
const SAMPLES = join(__dirname, '..', '..', 'samples', 'data');

describe('loadData$ over directories', () => {
  it('reads a directory recursively in name order, naming files by the directory and their path in it', async () => {
    dir.write('notes/b.md', 'B notes');
    dir.write('notes/a.txt', 'A notes');
    dir.write('notes/wave-2/c.csv', 'q\nyes');
    dir.write('notes/Z.txt', 'Z notes');
    dir.write('notes/.DS_Store', Buffer.from([0, 1, 2]));
    dir.write('notes/.git/config', 'hidden');
    const documents = await aloadData(join(dir.path, 'notes'));
    expect(documents.map((document) => document.name)).toEqual(['notes/Z.txt', 'notes/a.txt', 'notes/b.md', 'notes/wave-2/c.csv']);
    expect(documents.map((document) => document.content)).toEqual(['Z notes', 'A notes', 'B notes', 'Row 1\nq: yes']);
  });

  it('keeps the inputs in the order given, files named by their own name', async () => {
    const second = dir.write('second.txt', 'two');
    const first = dir.write('deep/first.md', 'one');
    const documents = await lastValueFrom(loadData$([second, first]));
    expect(documents).toEqual([
      { name: 'second.txt', content: 'two' },
      { name: 'first.md', content: 'one' },
    ]);
  });

  it('walks a directory reached twice through a link only once', async () => {
    dir.write('notes/a.txt', 'A');
    symlinkSync(join(dir.path, 'notes'), join(dir.path, 'notes', 'loop'));
    const documents = await aloadData(join(dir.path, 'notes'));
    expect(documents.map((document) => document.name)).toEqual(['notes/a.txt']);
  });

  it('loads the sample research data shipped with the project', async () => {
    const documents = await aloadData(SAMPLES);
    expect(documents.map((document) => document.name)).toEqual(['data/interviews.md', 'data/support-tickets.txt', 'data/survey.csv']);
    expect(documents[2].content).toContain('wish: I want a first draft of personas the same afternoon');
  });
});

describe('loadData$ skips unsupported files inside directories', () => {
  it('reads the rest and reports the skipped paths once, in the order found', async () => {
    dir.write('notes/a.txt', 'A');
    const sheet = dir.write('notes/budget.xlsx', 'PK');
    const photo = dir.write('notes/sub/photo.png', 'x');
    dir.write('notes/sub/b.md', 'B');
    const reports: (readonly string[])[] = [];
    const documents = await aloadData(join(dir.path, 'notes'), { onSkippedFiles: (paths) => reports.push(paths) });
    expect(documents.map((document) => document.name)).toEqual(['notes/a.txt', 'notes/sub/b.md']);
    expect(reports).toEqual([[sheet, photo]]);
  });

  it('does not call onSkippedFiles when nothing was skipped, and refuses a callback that is not a function', async () => {
    dir.write('notes/a.txt', 'A');
    const onSkippedFiles = jest.fn();
    await aloadData(join(dir.path, 'notes'), { onSkippedFiles });
    expect(onSkippedFiles).not.toHaveBeenCalled();
    await expect(aloadData(join(dir.path, 'notes'), { onSkippedFiles: 'warn' as never })).rejects.toThrow(/onSkippedFiles/);
  });
});

describe('loadData$ refuses bad input, naming it', () => {
  const failure = (promise: Promise<unknown>): Promise<DataError> =>
    promise.then(
      () => {
        throw new Error('expected a DataError');
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(DataError);
        return error as DataError;
      },
    );

  it('a missing file or directory', async () => {
    const missing = join(dir.path, 'nope.csv');
    const error = await failure(aloadData(missing));
    expect(error.message).toBe(`Research data not found: ${missing}`);
    expect(error.file).toBe(missing);
  });

  it('a path through a file, or a link that loops, as not found or unreadable', async () => {
    const file = dir.write('notes.txt', 'A');
    expect((await failure(aloadData(join(file, 'inside.txt')))).message).toBe(`Research data not found: ${join(file, 'inside.txt')}`);
    symlinkSync(join(dir.path, 'loop-b.txt'), join(dir.path, 'loop-a.txt'));
    symlinkSync(join(dir.path, 'loop-a.txt'), join(dir.path, 'loop-b.txt'));
    const error = await failure(aloadData(join(dir.path, 'loop-a.txt')));
    expect(error.message).toBe(`Research data cannot be read (ELOOP): ${join(dir.path, 'loop-a.txt')}`);
  });

  it('a directory without data files', async () => {
    mkdirSync(join(dir.path, 'empty'));
    dir.write('empty/.hidden.txt', 'x');
    const error = await failure(aloadData(join(dir.path, 'empty')));
    expect(error.message).toMatch(/No data files in directory/);
  });

  it('an unsupported file inside a directory with strictData, rather than skipping it', async () => {
    dir.write('notes/a.txt', 'A');
    const sheet = dir.write('notes/budget.xlsx', 'PK');
    const error = await failure(aloadData(join(dir.path, 'notes'), { strictData: true }));
    expect(error.file).toBe(sheet);
    expect(error.message).toMatch(/^Unsupported data file type: .*budget\.xlsx \(supported: /);
  });

  it('an unsupported file named on its own, even without strictData', async () => {
    const sheet = dir.write('budget.xlsx', 'PK');
    expect((await failure(aloadData(sheet))).message).toMatch(/^Unsupported data file type/);
  });

  it('a directory holding only unsupported files, naming them', async () => {
    dir.write('sheets/a.xlsx', 'PK');
    dir.write('sheets/b.key', 'x');
    const error = await failure(aloadData(join(dir.path, 'sheets')));
    expect(error.message).toMatch(/No data files in directory .*sheets \(only files of unsupported types: sheets\/a\.xlsx, sheets\/b\.key\)$/);
  });

  it('two files that would have one name', async () => {
    const one = dir.write('one/notes.txt', 'A');
    const two = dir.write('two/notes.txt', 'B');
    const error = await failure(aloadData([one, two]));
    expect(error.message).toMatch(/both be named 'notes.txt'/);
    expect(error.file).toBe(two);
  });

  it('a file over maxFileBytes, before reading it; the default limit is 5 MiB', async () => {
    const big = dir.write('big.txt', 'x'.repeat(101));
    const error = await failure(aloadData(big, { maxFileBytes: 100 }));
    expect(error.message).toBe(`Data file is 101 bytes, over the maxFileBytes limit of 100: ${big}`);
    await expect(aloadData(big, { maxFileBytes: 101 })).resolves.toHaveLength(1);
    expect(DEFAULT_MAX_FILE_BYTES).toBe(5 * 1024 * 1024);
  });

  it.each([
    [[], 'data paths: (root)'],
    ['', 'data paths: (root)'],
    [[''], 'data paths: 0'],
  ])('no paths, or an empty one (%j), with ConfigurationError', async (paths, message) => {
    const error = await aloadData(paths as string[]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).message).toContain(message);
  });

  it('a bad limit with ConfigurationError naming maxFileBytes', async () => {
    const error = await aloadData(dir.write('a.txt', 'A'), { maxFileBytes: 0 }).catch((caught: unknown) => caught);
    expect((error as ConfigurationError).fields).toEqual(['maxFileBytes']);
  });
});

describe('loadData$ is cold and cancellable', () => {
  it('reads nothing until subscribed', async () => {
    const path = join(dir.path, 'later.txt');
    const data$ = loadData$(path);
    dir.write('later.txt', 'written after the Observable was made');
    await expect(lastValueFrom(data$)).resolves.toEqual([{ name: 'later.txt', content: 'written after the Observable was made' }]);
  });

  it('rejects with CancellationError when its signal or token is already cancelled', async () => {
    const path = dir.write('a.txt', 'A');
    await expect(aloadData(path, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(CancellationError);
    const token = new CancellationToken();
    token.cancel('stop');
    await expect(aloadData(path, { cancellationToken: token })).rejects.toThrow('Cancelled: stop');
  });
});
