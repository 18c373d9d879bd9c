import { DataError } from '../errors';
import type { DataDocument } from '../schemas/config';
import type { DataFile } from './data-files';
import { formatOf, SUPPORTED_DATA_EXTENSIONS } from './formats';
import { readBoundedFile } from './read-bounded';

/** A data file read and checked: its exact bytes (what gets copied) and its text for the prompt. */
export interface LoadedDataFile extends DataFile {
  bytes: Buffer;
  document: DataDocument;
}

// Fatal: a byte sequence that is not UTF-8 means the file is not text. The BOM is dropped.
const utf8 = new TextDecoder('utf-8', { fatal: true });

function textOf(file: DataFile, bytes: Buffer): string {
  if (bytes.includes(0)) throw new DataError(`Data file looks binary (it holds NUL bytes): ${file.path}`, file.path);
  try {
    return utf8.decode(bytes);
  } catch {
    throw new DataError(`Data file is not UTF-8 text (binary?): ${file.path}`, file.path);
  }
}

/**
 * Reads one data file and turns it into prompt text by its format. Unsupported, oversized, binary,
 * empty or malformed files, and anything but a regular file, fail with DataError naming the file.
 */
export async function readDataFile(file: DataFile, maxFileBytes: number, signal: AbortSignal): Promise<LoadedDataFile> {
  const format = formatOf(file.path);
  if (!format) {
    throw new DataError(
      `Unsupported data file type: ${file.path} (supported: ${SUPPORTED_DATA_EXTENSIONS.join(', ')})`,
      file.path,
    );
  }
  const bytes = await readBoundedFile(file.path, maxFileBytes, signal);
  const text = textOf(file, bytes);
  if (text.trim() === '') throw new DataError(`Data file is empty: ${file.path}`, file.path);
  let content: string;
  try {
    content = format.convert(text).trim();
  } catch (error) {
    throw new DataError(`Data file is not valid ${format.name}: ${file.path}: ${(error as Error).message}`, file.path);
  }
  if (content === '') throw new DataError(`Data file holds no text: ${file.path}`, file.path);
  return { ...file, bytes, document: { name: file.name, content } };
}
