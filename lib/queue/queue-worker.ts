import { Worker, type Job, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { concat, filter, ignoreElements, lastValueFrom, map, switchMap, toArray, type Observable } from 'rxjs';
import { CancellationError, RateLimitError } from '../errors';
import type { GenerationEvent } from '../events/generation-event';
import { PersonaGenerator } from '../generator/persona-generator';
import type { GeneratorOptions } from '../schemas/options';
import { parseOrThrow } from '../schemas/validate';
import { cancelChannel, RecentBatches } from './cancel-channel';
import { QueueJobDataSchema } from './job-data';
import { outcomeOf, type QueueOutcome, type QueueProgress } from './queue-message';
import { WorkOptionsSchema, type ResolvedPersonaQueueOptions, type WorkOptions } from './queue-options';
import { paced$ } from './rate-limiter';
import { abortWith } from '../operators/abort-with';
import { bullConnection, connectRedis } from './redis-connect';
import { runJob$ } from './run-job';

/** What a worker needs from its PersonaQueue. */
export interface WorkerHost {
  readonly name: string;
  readonly options: ResolvedPersonaQueueOptions;
  /** Redis reached (or QueueError): the BullMQ queue, and a plain connection for the shared pace. */
  ready(): Promise<{ queue: Queue; control: Redis }>;
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
      const { queue, control } = await host.ready();
      const pace$ = rateLimit ? paced$(control, paceKey(prefix, host.name), rateLimit.requestsPerMinute).pipe(ignoreElements()) : [];
      const run$ = concat(pace$, runJob$(generator, data, signal, saved)).pipe(abortWith(signal));
      return await lastValueFrom(outcome$(run$, job, queue));
    } catch (error) {
      if (error instanceof RateLimitError && error.retryAfterMs) await (await host.ready()).queue.rateLimit(error.retryAfterMs);
      return outcomeOf(error);
    } finally {
      running.delete(job.id as string);
    }
  };

  const ready = (async () => {
    await host.ready();
    await warmUp(generator);
    const subscriber = await connectRedis(connection, connectTimeoutMs);
    parts.subscriber = subscriber;
    subscriber.on('message', (_channel: string, batch: string) => {
      cancelled.add(batch);
      for (const [jobId, jobBatch] of running) if (jobBatch === batch) parts.worker?.cancelJob(jobId, 'the batch was cancelled');
    });
    await subscriber.subscribe(cancelChannel(prefix, host.name));
    const worker = new Worker(host.name, processor, {
      ...workerOptions,
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
 * Renders and counts one prompt before taking jobs, so that a cold process's first job does not
 * load the tokenizer and templates between taking its paced slot and sending its request (which
 * would bunch its request with later ones). Sends nothing; a failure here is a run's to report.
 */
async function warmUp(generator: PersonaGenerator): Promise<void> {
  await lastValueFrom(generator.estimateCost$({ count: 1, data: 'warm-up' })).catch(() => undefined);
}

/** The key of the queue's shared pace. */
export function paceKey(prefix: string, queueName: string): string {
  return `${prefix}:${queueName}:persona-rx:pace`;
}

type Step = { outcome: QueueOutcome } | { published: Promise<unknown> };

/**
 * Publishes each event (but tokens) as job progress as it comes, without waiting for the one
 * before: the commands share one connection, so Redis applies them in order, and a job is not
 * held up by a round trip per event. A 429 holds the whole queue (BullMQ's `rateLimit`) for the
 * provider's retry-after. Ends with the job's outcome, once every event is in Redis.
 */
function outcome$(events$: Observable<GenerationEvent>, job: Job, queue: Queue): Observable<QueueOutcome> {
  return events$.pipe(
    filter((event) => event.type !== 'token'),
    map((event): Step => {
      if (event.type === 'result') return { outcome: { result: event.result } };
      const hold = event.type === 'retry' && event.status === 429 && event.delayMs > 0 ? queue.rateLimit(event.delayMs) : undefined;
      const progress: QueueProgress = { attempt: job.attemptsStarted, event: event as QueueProgress['event'] };
      const published = Promise.all([hold, job.updateProgress(progress as unknown as object)]);
      // Awaited below; a run that fails first leaves it to settle alone, never unhandled.
      published.catch(() => undefined);
      return { published };
    }),
    toArray(),
    switchMap(async (steps) => {
      await Promise.all(steps.map((step) => ('published' in step ? step.published : undefined)));
      return steps.flatMap((step) => ('outcome' in step ? [step.outcome] : []));
    }),
    switchMap((outcomes) => outcomes),
  );
}
