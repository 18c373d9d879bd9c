import type { ProgressEvent } from '../events/generation-event';
import type { CancellationToken } from './cancellation-token';

/** Called for each progress step, awaited in order: the next step's call waits for this one. */
export type ProgressCallback = (step: number, total: number, event: ProgressEvent) => void | Promise<void>;

export interface PromiseAdapterOptions {
  signal?: AbortSignal;
  cancellationToken?: CancellationToken;
  /** Whole-operation deadline; fails with TimeoutError. */
  timeoutMs?: number;
  progressCallback?: ProgressCallback;
}
