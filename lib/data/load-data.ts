import type { Observable } from 'rxjs';
import { operationPromise, type OperationOptions } from '../promise/operation-promise';
import type { DataDocument } from '../schemas/config';
import { parseOrThrow } from '../schemas/validate';
import { findDataFiles, type DataFile } from './data-files';
import { DataLoadOptionsSchema, DataPathsSchema, type DataLoadOptions } from './data-options';
import { fromAbortable } from './from-abortable';
import { readDataFile, type LoadedDataFile } from './read-data-file';

/** Reads every file, one at a time, and fails on the first bad one before anything is used. */
export async function readDataFiles(files: readonly DataFile[], maxFileBytes: number, signal: AbortSignal): Promise<LoadedDataFile[]> {
  const loaded: LoadedDataFile[] = [];
  for (const file of files) {
    signal.throwIfAborted();
    loaded.push(await readDataFile(file, maxFileBytes, signal));
  }
  return loaded;
}

/**
 * Research data from files and directories (recursively, in a stable order) as named documents,
 * ready for `generate$({ data })`. Fails with DataError naming the first missing, empty, binary,
 * oversized or malformed file, or a file of unsupported type named on its own. Inside a directory
 * such a file is skipped and reported to `onSkippedFiles`, unless `strictData` refuses it. Cold.
 */
export function loadData$(paths: string | readonly string[], options: DataLoadOptions = {}): Observable<DataDocument[]> {
  return fromAbortable(async (signal) => {
    const inputs = parseOrThrow(DataPathsSchema, paths, 'data paths');
    const { maxFileBytes, strictData, onSkippedFiles } = parseOrThrow(DataLoadOptionsSchema, options, 'data options');
    const { files, skipped } = await findDataFiles(inputs, signal, strictData);
    if (skipped.length > 0) onSkippedFiles?.(skipped);
    return (await readDataFiles(files, maxFileBytes, signal)).map((file) => file.document);
  });
}

/** `loadData$` awaited. */
export function aloadData(
  paths: string | readonly string[],
  options: DataLoadOptions & OperationOptions = {},
): Promise<DataDocument[]> {
  const { signal, cancellationToken, ...loadOptions } = options;
  return operationPromise(loadData$(paths, loadOptions), { signal, cancellationToken });
}
