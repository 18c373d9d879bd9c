import { z } from 'zod';

/** 5 MiB: far more text than any model's context holds, far less than a stray video file. */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Node reads at most 2 GiB - 1 bytes into one buffer; a larger limit could never be honoured. */
export const MAX_FILE_BYTES_LIMIT = 2 ** 31 - 1;

/** Files larger than this fail with DataError, however the file reports its size. */
export const MaxFileBytesSchema = z
  .number()
  .int()
  .positive()
  .max(MAX_FILE_BYTES_LIMIT, `must be below 2 GiB (at most ${MAX_FILE_BYTES_LIMIT} bytes)`);

export const DataLoadOptionsSchema = z.strictObject({
  maxFileBytes: MaxFileBytesSchema.default(DEFAULT_MAX_FILE_BYTES),
  /** Refuse (DataError) a file of no supported type inside a directory, instead of skipping it. */
  strictData: z.boolean().default(false),
  /** Called once, before reading, with the paths skipped inside directories (only when some were). */
  onSkippedFiles: z
    .custom<(paths: readonly string[]) => void>((value) => typeof value === 'function', 'must be a function')
    .optional(),
});
export type DataLoadOptions = z.input<typeof DataLoadOptionsSchema>;

/** One path or a non-empty list of paths, each a file or a directory. */
export const DataPathsSchema = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((paths) => (typeof paths === 'string' ? [paths] : paths));
