import { PersonaError, type PersonaErrorOptions } from '../errors/persona-error';

/**
 * The queue's own failures: Redis unreachable, or a job the queue cannot carry. `address` names
 * the Redis server (`host:port`) when the failure is about reaching it.
 */
export class QueueError extends PersonaError {
  static override readonly errorName: string = 'QueueError';
  override readonly code = 'queue_error' as const;
  readonly address?: string;

  constructor(message: string, details: { address?: string } = {}, options?: PersonaErrorOptions) {
    super(message, options);
    this.address = details.address;
  }
}
