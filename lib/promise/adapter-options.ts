import { z } from 'zod';
import type { ProgressEvent } from '../events/generation-event';
import { LimitMsSchema } from '../schemas/duration';
import type { CancellationToken } from './cancellation-token';

/** Called for each progress step, awaited in order: the next step's call waits for this one. */
export type ProgressCallback = (step: number, total: number, event: ProgressEvent) => void | Promise<void>;

function isCancellationToken(value: unknown): value is CancellationToken {
  // By shape, not `instanceof`: a token from another copy of the library cancels just as well.
  const token = value as CancellationToken | null;
  return typeof token === 'object' && token !== null && token.signal instanceof AbortSignal && typeof token.cancel === 'function';
}

/** A function option, typed by the caller; zod only checks that it is callable. */
export function callbackSchema<F extends (...args: never[]) => unknown>() {
  return z.custom<F>((value) => typeof value === 'function', { message: 'must be a function' });
}

/**
 * What every Promise form accepts to stop the operation. Unknown keys are passed over: the
 * adapters share one options object with the operation they wrap.
 */
export const OperationOptionsSchema = z.object({
  signal: z.custom<AbortSignal>((value) => value instanceof AbortSignal, { message: 'must be an AbortSignal' }).optional(),
  cancellationToken: z.custom<CancellationToken>(isCancellationToken, { message: 'must be a CancellationToken' }).optional(),
});

export const PromiseAdapterOptionsSchema = OperationOptionsSchema.extend({
  /** Whole-operation deadline (0: none); fails with TimeoutError. */
  timeoutMs: LimitMsSchema.optional(),
  progressCallback: callbackSchema<ProgressCallback>().optional(),
});
export type PromiseAdapterOptions = z.input<typeof PromiseAdapterOptionsSchema>;
