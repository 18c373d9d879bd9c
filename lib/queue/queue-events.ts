import { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { defer, Observable, switchMap } from 'rxjs';
import { jobOfId } from './job-data';
import type { QueueOutcome, QueueProgress } from './queue-message';
import type { ResolvedPersonaQueueOptions } from './queue-options';
import { bullConnection } from './redis-connect';

/** What the workers said about one job of a batch, in the order they said it. */
export type JobMessage =
  | { kind: 'progress'; job: number; progress: QueueProgress }
  | { kind: 'completed'; job: number; outcome: QueueOutcome }
  | { kind: 'failed'; job: number; reason: string };

/**
 * The messages about `batch`'s jobs, from BullMQ's event stream. Reading starts at the stream's
 * last entry as it stands on subscribe, so nothing said after that is missed, however late the
 * blocking read begins: subscribe before adding the jobs.
 */
export function jobMessages$(
  name: string,
  options: ResolvedPersonaQueueOptions,
  control: Redis,
  eventsKey: string,
  batch: string,
  closing: (done: Promise<unknown>) => void,
): Observable<JobMessage> {
  return defer(() => control.xrevrange(eventsKey, '+', '-', 'COUNT', 1)).pipe(
    switchMap(
      ([last]) =>
        new Observable<JobMessage>((subscriber) => {
          const events = new QueueEvents(name, {
            connection: bullConnection(options.connection, options.connectTimeoutMs),
            prefix: options.prefix,
            lastEventId: last?.[0] ?? '0-0',
          });
          const ours = (jobId: string): number | undefined => jobOfId(jobId, batch);
          events.on('progress', ({ jobId, data }) => {
            const job = ours(jobId);
            if (job !== undefined) subscriber.next({ kind: 'progress', job, progress: data as unknown as QueueProgress });
          });
          events.on('completed', ({ jobId, returnvalue }) => {
            const job = ours(jobId);
            if (job !== undefined) subscriber.next({ kind: 'completed', job, outcome: parsed(returnvalue) });
          });
          events.on('failed', ({ jobId, failedReason }) => {
            const job = ours(jobId);
            if (job !== undefined) subscriber.next({ kind: 'failed', job, reason: failedReason });
          });
          events.on('error', () => undefined);
          return () => closing(events.close());
        }),
    ),
  );
}

/** BullMQ hands a return value over as its JSON text, or already parsed, depending on the path. */
function parsed(value: unknown): QueueOutcome {
  return (typeof value === 'string' ? JSON.parse(value) : value) as QueueOutcome;
}
