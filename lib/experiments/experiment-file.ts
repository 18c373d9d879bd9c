import { z } from 'zod';
import { ProviderNameSchema } from '../schemas/options';

/** `experiment.json`: what an experiment is for and whom its generators ask by default. */
export const ExperimentFileSchema = z.object({
  formatVersion: z.literal(1),
  description: z.string(),
  provider: ProviderNameSchema.optional(),
  model: z.string().min(1).optional(),
  createdAt: z.iso.datetime(),
});
export type ExperimentFile = z.infer<typeof ExperimentFileSchema>;

/** An experiment as `list$` reports it: its file's content, its name and where it lives. */
export const ExperimentInfoSchema = ExperimentFileSchema.omit({ formatVersion: true }).extend({
  name: z.string(),
  path: z.string(),
});
export type ExperimentInfo = z.infer<typeof ExperimentInfoSchema>;
