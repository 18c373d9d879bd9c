import { z } from 'zod';
import { DataLoadOptionsSchema, MaxFileBytesSchema } from '../data/data-options';
import { ProviderNameSchema } from '../schemas/options';
import { ExperimentNameSchema } from './experiment-name';

export const DEFAULT_BASE_DIR = './experiments';

const location = {
  /** The directory holding experiments, resolved against the working directory. */
  baseDir: z
    .string()
    .min(1)
    .refine((path) => !path.includes('\0'), 'must not contain a NUL byte')
    .default(DEFAULT_BASE_DIR),
  /** The size limit for data files added to, or read from, the experiment. */
  maxFileBytes: DataLoadOptionsSchema.shape.maxFileBytes,
};

export const CreateExperimentOptionsSchema = z.strictObject({
  name: ExperimentNameSchema,
  description: z.string().max(10_000).default(''),
  /** The provider and model a generator bound to the experiment uses when it names none. */
  provider: ProviderNameSchema.optional(),
  model: z.string().min(1).optional(),
  ...location,
});
export type CreateExperimentOptions = z.input<typeof CreateExperimentOptionsSchema>;

export const LoadExperimentOptionsSchema = z.strictObject({ name: ExperimentNameSchema, ...location });
export type ExperimentLocation = Omit<z.input<typeof LoadExperimentOptionsSchema>, 'name'>;

export const ListExperimentsOptionsSchema = z.strictObject({ baseDir: location.baseDir });
export type ListExperimentsOptions = z.input<typeof ListExperimentsOptionsSchema>;

export const DeleteExperimentOptionsSchema = z.strictObject({
  confirm: z.literal(true, { error: 'must be true: deleting removes the experiment, its data and every run' }),
});
export type DeleteExperimentOptions = z.input<typeof DeleteExperimentOptionsSchema>;

export const AddDataOptionsSchema = z.strictObject({ maxFileBytes: MaxFileBytesSchema.optional() });
export type AddDataOptions = z.input<typeof AddDataOptionsSchema>;
