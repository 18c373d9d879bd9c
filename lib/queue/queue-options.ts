import type { WorkerOptions } from 'bullmq';
import { z } from 'zod';

/** Where the Redis server is. The password stays in this process: it is never written to Redis. */
export const RedisConnectionSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(1).max(65_535).default(6379),
  username: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
  db: z.number().int().min(0).max(1_000).optional(),
});
export type RedisConnection = z.input<typeof RedisConnectionSchema>;

const MIB = 1024 * 1024;

export const PersonaQueueOptionsSchema = z.strictObject({
  connection: RedisConnectionSchema.default({ host: '127.0.0.1', port: 6379 }),
  /**
   * The quota every worker of the queue shares: job starts paced evenly (one every
   * 60 000 / rpm ms, by Redis's clock) across all workers, so no window boundary lets a double
   * burst through.
   */
  rateLimit: z.strictObject({ requestsPerMinute: z.number().positive().max(6_000_000) }).optional(),
  /** How long to wait for Redis before failing with QueueError naming its address. */
  connectTimeoutMs: z.number().int().min(1).max(600_000).default(5_000),
  /** The largest job (config and research data, as JSON) the queue carries; bigger ones are refused. */
  maxJobBytes: z.number().int().min(1_024).max(256 * MIB).default(8 * MIB),
  /** BullMQ's key prefix. */
  prefix: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only').default('bull'),
});
export type PersonaQueueOptions = z.input<typeof PersonaQueueOptionsSchema>;
export type ResolvedPersonaQueueOptions = z.output<typeof PersonaQueueOptionsSchema>;

/** BullMQ refuses `:` in names it builds keys from; anything else odd is refused here, clearly. */
export const QueueNameSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'letters, digits, _ . - only, at most 100');

/** `queue.work` options: jobs at once in this process, and BullMQ `WorkerOptions` passed through. */
export const WorkOptionsSchema = z.strictObject({
  concurrency: z.number().int().min(1).max(1_000).default(1),
  workerOptions: z.record(z.string(), z.unknown()).default({}),
});

export interface WorkOptions {
  /** Jobs this process runs at once (default 1); the generator's `maxConcurrentRequests` defaults to it. */
  concurrency?: number;
  /** BullMQ `WorkerOptions` (`lockDuration`, `stalledInterval`, `maxStalledCount`, …); the connection is the queue's. */
  workerOptions?: Omit<Partial<WorkerOptions>, 'connection' | 'concurrency' | 'prefix'>;
}
