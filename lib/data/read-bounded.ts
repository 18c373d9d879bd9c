import { constants, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { DataError } from '../errors';

const CHUNK_BYTES = 64 * 1024;

// Non-blocking, so that opening a FIFO returns at once instead of waiting for a writer: what the
// handle is gets decided by fstat, on the very file opened (no check-then-open race).
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a directory';
  return 'not a regular file';
}

function tooLarge(path: string, size: string, maxFileBytes: number): DataError {
  return new DataError(`Data file is ${size}, over the maxFileBytes limit of ${maxFileBytes}: ${path}`, path);
}

/**
 * The bytes of the regular file at `path`, opened once and checked on its handle. Anything else
 * (a device such as /dev/zero, a FIFO, a socket) fails with DataError naming the file. The limit
 * holds while reading, whatever the file's reported size: reading stops one byte past it. The
 * handle is closed however reading ends, an abort included.
 */
export async function readBoundedFile(path: string, maxFileBytes: number, signal: AbortSignal): Promise<Buffer> {
  const handle = await open(path, READ_FLAGS).catch((error: NodeJS.ErrnoException) => {
    throw new DataError(`Data file cannot be read (${error.code}): ${path}`, path);
  });
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new DataError(`Data file is ${kindOf(stats)}, not a regular file: ${path}`, path);
    if (stats.size > maxFileBytes) throw tooLarge(path, `${stats.size} bytes`, maxFileBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      signal.throwIfAborted();
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(Math.min(CHUNK_BYTES, maxFileBytes - total + 1)), 0, undefined, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxFileBytes) throw tooLarge(path, `more than ${maxFileBytes} bytes`, maxFileBytes);
      chunks.push(buffer.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}
