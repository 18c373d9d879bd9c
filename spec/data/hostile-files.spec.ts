import { lastValueFrom } from 'rxjs';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aloadData, DataError, Experiment } from '../../lib/node';
import { readBoundedFile } from '../../lib/data/read-bounded';
import { useTempDir } from './support/temp-dir';

const dir = useTempDir();

function hasMkfifo(): boolean {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const onLinux = process.platform === 'linux';
const withFifo = onLinux && hasMkfifo() ? it : it.skip;
const withDevices = onLinux && existsSync('/dev/zero') ? it : it.skip;
if (!onLinux) console.warn('hostile-files: devices, FIFOs and /proc are Linux-only here; those cases are skipped');

async function dataError(promise: Promise<unknown>): Promise<DataError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(DataError);
  return error as DataError;
}

function openDescriptors(): number {
  return readdirSync('/proc/self/fd').length;
}

describe('data is read only from regular files', () => {
  withDevices('a link to /dev/zero, given or inside a directory, is a DataError naming the file, read not at all', async () => {
    const link = join(dir.path, 'zero.txt');
    symlinkSync('/dev/zero', link);
    const error = await dataError(aloadData(link));
    expect(error.file).toBe(link);
    expect(error.message).toBe(`Data file is a device, not a regular file: ${link}`);
    dir.write('notes/a.txt', 'A');
    symlinkSync('/dev/zero', join(dir.path, 'notes', 'zero.md'));
    expect((await dataError(aloadData(join(dir.path, 'notes')))).message).toContain('/dev/zero');
  });

  withFifo('a FIFO is a DataError at once, with no writer to wait for', async () => {
    const fifo = join(dir.path, 'pipe.txt');
    execFileSync('mkfifo', [fifo]);
    const before = openDescriptors();
    const error = await dataError(aloadData(fifo));
    expect(error.message).toBe(`Data file is a FIFO (named pipe), not a regular file: ${fifo}`);
    expect(openDescriptors()).toBe(before);
  });

  withDevices('maxFileBytes holds while reading, whatever size the file reports (/proc files report 0)', async () => {
    const link = join(dir.path, 'status.txt');
    symlinkSync('/proc/self/status', link);
    const error = await dataError(aloadData(link, { maxFileBytes: 100 }));
    expect(error.message).toBe(`Data file is more than 100 bytes, over the maxFileBytes limit of 100: ${link}`);
    const [document] = await aloadData(link, { maxFileBytes: 1_000_000 });
    expect(document.content).toMatch(/^Name:/);
  });

  withDevices('an abort while reading closes the file handle', async () => {
    const big = dir.write('big.txt', Buffer.alloc(8 * 1024 * 1024, 'a'));
    const before = openDescriptors();
    const controller = new AbortController();
    const reading = readBoundedFile(big, 16 * 1024 * 1024, controller.signal);
    setImmediate(() => controller.abort());
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    expect(openDescriptors()).toBe(before);
  });
});

describe('links that lead out of a directory', () => {
  it('are refused with DataError naming the link when loading a directory', async () => {
    const secret = dir.write('outside/secret.txt', 'the neighbour’s diary');
    dir.write('notes/a.txt', 'A');
    const link = join(dir.path, 'notes', 'b.txt');
    symlinkSync(secret, link);
    const error = await dataError(aloadData(join(dir.path, 'notes')));
    expect(error.file).toBe(link);
    expect(error.message).toBe(`Research data links outside its directory (to ${secret}): ${link}`);
  });

  it('a linked directory leading outside is refused too; links that stay inside are followed', async () => {
    dir.write('outside/secret.txt', 'S');
    dir.write('notes/inner/a.txt', 'A');
    symlinkSync(join(dir.path, 'notes', 'inner', 'a.txt'), join(dir.path, 'notes', 'alias.txt'));
    expect((await aloadData(join(dir.path, 'notes'))).map((document) => document.name)).toEqual(['notes/alias.txt', 'notes/inner/a.txt']);
    symlinkSync(join(dir.path, 'outside'), join(dir.path, 'notes', 'more'), 'dir');
    expect((await dataError(aloadData(join(dir.path, 'notes')))).file).toBe(join(dir.path, 'notes', 'more'));
  });

  it('adding a directory with such a link to an experiment copies nothing', async () => {
    const experiment = await Experiment.acreate({ name: 'study', baseDir: join(dir.path, 'experiments') });
    const secret = dir.write('outside/secret.txt', 'S');
    dir.write('notes/a.txt', 'A');
    symlinkSync(secret, join(dir.path, 'notes', 'b.txt'));
    await dataError(experiment.aaddData(join(dir.path, 'notes')));
    expect(await experiment.alistData()).toEqual([]);
  });

  it("a link in an experiment's data/ leading out of it is refused when the data is read", async () => {
    const experiment = await Experiment.acreate({ name: 'study', baseDir: join(dir.path, 'experiments') });
    const secret = dir.write('outside/secret.txt', 'S');
    writeFileSync(join(experiment.path, 'data', 'a.txt'), 'A');
    symlinkSync(secret, join(experiment.path, 'data', 'b.txt'));
    const error = await dataError(lastValueFrom(experiment.loadData$()));
    expect(error.file).toBe(join(experiment.path, 'data', 'b.txt'));
  });
});
