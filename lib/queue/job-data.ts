import { z } from 'zod';
import { ConfigurationError } from '../errors';
import { PersonaConfigSchema, type PersonaConfig } from '../schemas/config';
import { RunOptionsSchema } from '../schemas/options';

/**
 * What travels in a job: the run's config (research data included) and its place in its batch.
 * Nothing else: the API key and every other generator option stay in the worker's process.
 */
export const QueueJobDataSchema = z.strictObject({
  batch: z.uuid(),
  index: z.number().int().min(0),
  config: PersonaConfigSchema,
  timeoutMs: RunOptionsSchema.shape.timeoutMs,
});
export type QueueJobData = z.output<typeof QueueJobDataSchema>;

/** BullMQ job ids may not contain `:`; a UUID and an index joined by `_` never do. */
export function jobIdOf(batch: string, index: number): string {
  return `${batch}_${index}`;
}

/** The batch and index a job id names, or undefined for a job of someone else's batch. */
export function jobOfId(jobId: string, batch: string): number | undefined {
  const prefix = `${batch}_`;
  return jobId.startsWith(prefix) ? Number(jobId.slice(prefix.length)) : undefined;
}

/** A job's data, refused with ConfigurationError before anything is sent when it exceeds `maxJobBytes`. */
export function jobData(batch: string, index: number, config: PersonaConfig, timeoutMs: number | undefined, maxJobBytes: number): QueueJobData {
  const data = { batch, index, config, ...(timeoutMs === undefined ? {} : { timeoutMs }) } as QueueJobData;
  const bytes = Buffer.byteLength(JSON.stringify(data));
  if (bytes > maxJobBytes) {
    throw new ConfigurationError(
      `Job ${index} is ${bytes} bytes as JSON, above the queue's maxJobBytes (${maxJobBytes}): put less research data in one job, or raise maxJobBytes`,
      [{ path: `configs.${index}.data`, message: `${bytes} bytes, above maxJobBytes ${maxJobBytes}` }],
    );
  }
  return data;
}
