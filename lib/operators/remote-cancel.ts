import { Observable, type MonoTypeOperatorFunction } from 'rxjs';
import { FINAL_BATCH_STATUSES, type ProviderBatchEvent } from '../events/provider-batch-event';

/**
 * Unsubscribing before the batch is over (by the caller, a deadline or a signal) asks the
 * provider to cancel it, when `enabled`. The cancel request is sent on its own: the subscriber
 * has gone, and a failure to cancel has nobody to be reported to.
 */
export function cancelRemoteOnUnsubscribe(
  cancel$: (batchId: string) => Observable<unknown>,
  enabled: boolean,
  knownBatchId?: string,
): MonoTypeOperatorFunction<ProviderBatchEvent> {
  if (!enabled) return (source) => source;
  return (source) =>
    new Observable<ProviderBatchEvent>((subscriber) => {
      let batchId = knownBatchId;
      let over = false;
      const subscription = source.subscribe({
        next: (event) => {
          if (event.type !== 'job') batchId = event.batchId;
          if (event.type === 'status' && FINAL_BATCH_STATUSES.has(event.status)) over = true;
          subscriber.next(event);
        },
        error: (error: unknown) => {
          over = true;
          subscriber.error(error);
        },
        complete: () => {
          over = true;
          subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        if (!over && batchId) cancel$(batchId).subscribe({ error: () => undefined });
      };
    });
}
