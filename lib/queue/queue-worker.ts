import { Worker, type Job, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { concatMap, filter, lastValueFrom, mergeMap, type Observable } from 'rxjs';
import { CancellationError, RateLimitError } from '../errors';
import type { GenerationEvent } from '../events/generation-event';
import { PersonaGenerator } from '../generation/persona-generator';
import type { GeneratorOptions } from '../schemas/options';
import { parseOrThrow } from '../schemas/validate';
import { cancelChannel, RecentBatches } from './cancel-channel';
import { QueueJobDataSchema } from './job-data';
import { outcomeOf, type QueueOutcome, type QueueProgress } from './queue-message';
import { WorkOptionsSchema, type ResolvedPersonaQueueOptions, type WorkOptions } from './queue-options';
import { smoothedLimiter } from './rate-limiter';
import { bullConnection, connectRedis } from './redis-connect';
import { runJob$ } from './run-job';

/** What a worker needs from its PersonaQueue. */
export interface WorkerHost {
  readonly name: string;
  readonly options: ResolvedPersonaQueueOptions;
  /** Redis reached (or QueueError), and the queue whose limiter the workers share. */
  ready(): Promise<{ queue: Queue }>;
}

/** A process's share of a queue's work. */
export interface PersonaWorker {
  /** Resolves once the worker takes jobs; rejects with QueueError (naming the address) when Redis cannot be reached. */
  readonly ready: Promise<void>;
  /** Finishes the jobs it is running, takes no more, and closes its connections. */
  close(): Promise<void>;
}

/**
 * Runs the queue's jobs on a PersonaGenerator made from `generatorOptions`, which never leave this
 * process (the API key included). Each job's events but `token` are published, in order, as job
 * progress; its result or PersonaError is the job's return value. A 429 holds the whole queue for
 * the provider's retry-after; a cancelled batch's jobs are aborted here, whoever cancelled them.
 */
export function startWorker(host: WorkerHost, generatorOptions: GeneratorOptions, options: WorkOptions = {}): PersonaWorker {
  const { concurrency, workerOptions } = parseOrThrow(WorkOptionsSchema, options, 'work options');
  const generator = new PersonaGenerator({ maxConcurrentRequests: concurrency, ...generatorOptions });
  const saved = generatorOptions.experiment !== undefined;
  const { connection, connectTimeoutMs, prefix, rateLimit } = host.options;
  const cancelled = new RecentBatches();
  const running = new Map<string, string>();
  const parts: { worker?: Worker; subscriber?: Redis } = {};

  const processor = async (job: Job, _token?: string, signal?: AbortSignal): Promise<QueueOutcome> => {
    try {
      const data = parseOrThrow(QueueJobDataSchema, job.data, 'queue job');
      if (cancelled.has(data.batch)) throw new CancellationError('the batch was cancelled');
      running.set(job.id as string, data.batch);
      const { queue } = await host.ready();
      return await lastValueFrom(outcome$(runJob$(generator, data, signal, saved), job, queue));
    } catch (error) {
      if (error instanceof RateLimitError && error.retryAfterMs) await (await host.ready()).queue.rateLimit(error.retryAfterMs);
      return outcomeOf(error);
    } finally {
      running.delete(job.id as string);
    }
  };

  const ready = (async () => {
    await host.ready();
    const subscriber = await connectRedis(connection, connectTimeoutMs);
    parts.subscriber = subscriber;
    subscriber.on('message', (_channel: string, batch: string) => {
      cancelled.add(batch);
      for (const [jobId, jobBatch] of running) if (jobBatch === batch) parts.worker?.cancelJob(jobId, 'the batch was cancelled');
    });
    await subscriber.subscribe(cancelChannel(prefix, host.name));
    const limiter = smoothedLimiter(rateLimit?.requestsPerMinute);
    const worker = new Worker(host.name, processor, {
      ...workerOptions,
      ...(limiter ? { limiter } : {}),
      connection: bullConnection(connection, connectTimeoutMs),
      prefix,
      concurrency,
    });
    parts.worker = worker;
    // BullMQ reconnects by itself; an EventEmitter without an 'error' listener would throw instead.
    worker.on('error', () => undefined);
    await worker.waitUntilReady();
  })();
  ready.catch(() => undefined);

  let closed: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    await ready.catch(() => undefined);
    await parts.worker?.close();
    await parts.subscriber?.quit();
  };
  return { ready, close: () => (closed ??= close()) };
}

/**
 * Publishes each event (but tokens) as job progress, one at a time so they arrive in order, holds
 * the queue on a 429, and ends with the job's outcome.
 */
function outcome$(events$: Observable<GenerationEvent>, job: Job, queue: Queue): Observable<QueueOutcome> {
  return events$.pipe(
    filter((event) => event.type !== 'token'),
    concatMap(async (event): Promise<QueueOutcome | undefined> => {
      if (event.type === 'result') return { result: event.result };
      if (event.type === 'retry' && event.status === 429) await queue.rateLimit(event.delayMs);
      const progress: QueueProgress = { attempt: job.attemptsStarted, event: event as QueueProgress['event'] };
      await job.updateProgress(progress as unknown as object);
      return undefined;
    }),
    mergeMap((outcome) => (outcome ? [outcome] : [])),
  );
}
