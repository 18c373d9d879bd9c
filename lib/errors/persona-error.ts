import { redactSecrets } from './redact';

export type ErrorCode =
  | 'configuration_error'
  | 'data_error'
  | 'provider_error'
  | 'authentication_error'
  | 'rate_limit_error'
  | 'parse_error'
  | 'timeout_error'
  | 'cancellation_error'
  | 'budget_exceeded_error'
  | 'experiment_error'
  | 'queue_error'
  | 'CONTEXT_WINDOW';

export interface PersonaErrorOptions {
  /** Only ever another PersonaError or a plain, already-sanitised Error: never a raw axios error. */
  cause?: Error;
}

/**
 * The root of every error persona-rx raises. Messages are scrubbed of registered secrets at
 * construction, so `message`, `stack`, `toJSON()` and `util.inspect` are all clean.
 */
export abstract class PersonaError extends Error {
  abstract readonly code: ErrorCode;
  /** Spelled out, not read off the constructor: minifiers rename classes in browser builds. */
  static readonly errorName: string = 'PersonaError';

  constructor(message: string, options: PersonaErrorOptions = {}) {
    super(redactSecrets(message));
    this.name = new.target.errorName;
    if (options.cause) {
      Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false, writable: true });
    }
    if (this.stack) this.stack = redactSecrets(this.stack);
  }

  toJSON(): Record<string, unknown> {
    const own = Object.fromEntries(Object.entries(this).filter(([key]) => key !== 'stack'));
    return { name: this.name, message: this.message, ...own, code: this.code };
  }
}
