import { DataError } from '../errors';
import type { DataDocument } from '../schemas/config';
import type { DataFile } from './data-files';
import { decodeText } from './decode-text';
import { formatOf, type DataFormat } from './formats';
import { readBoundedFile } from './read-bounded';
import { unsupported } from './unsupported';

/** A data file read and checked: its exact bytes (what gets copied) and its text for the prompt. */
export interface LoadedDataFile extends DataFile {
  bytes: Buffer;
  document: DataDocument;
}

/** A format's own failure (a parser's message) as DataError naming the file. */
async function converted(file: DataFile, format: DataFormat, convert: () => string | Promise<string>): Promise<string> {
  try {
    return await convert();
  } catch (error) {
    throw new DataError(`Data file is not valid ${format.name}: ${file.path}: ${(error as Error).message}`, file.path);
  }
}

/** The prompt text of a file's bytes: extracted by a library, or decoded as text and converted. */
async function contentOf(file: DataFile, format: DataFormat, bytes: Buffer): Promise<string> {
  if ('extract' in format) return converted(file, format, () => format.extract(bytes));
  const text = decodeText(bytes, file.path);
  if (text.trim() === '') throw new DataError(`Data file is empty: ${file.path}`, file.path);
  return converted(file, format, () => format.convert(text));
}

/**
 * Reads one data file and turns it into prompt text by its format. Unsupported, oversized, binary,
 * empty or malformed files, and anything but a regular file, fail with DataError naming the file.
 */
export async function readDataFile(file: DataFile, maxFileBytes: number, signal: AbortSignal): Promise<LoadedDataFile> {
  const format = formatOf(file.path);
  if (!format) throw unsupported(file.path);
  const bytes = await readBoundedFile(file.path, maxFileBytes, signal);
  if (bytes.length === 0) throw new DataError(`Data file is empty: ${file.path}`, file.path);
  // Only the end is trimmed: leading lines stay, so that evidence's line numbers match the file.
  const content = (await contentOf(file, format, bytes)).trimEnd();
  if (content.trim() === '') throw new DataError(`Data file holds no text: ${file.path}`, file.path);
  return { ...file, bytes, document: { name: file.name, content } };
}
