export * from './index';
export { PersonaQueue, type QueueBatchOptions, type AsyncQueueBatchOptions } from './queue/persona-queue';
export type { PersonaWorker } from './queue/queue-worker';
export { QueueError } from './queue/queue-error';
export {
  PersonaQueueOptionsSchema,
  RedisConnectionSchema,
  type PersonaQueueOptions,
  type ResolvedPersonaQueueOptions,
  type RedisConnection,
  type WorkOptions,
} from './queue/queue-options';
