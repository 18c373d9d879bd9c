import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Observable } from 'rxjs';
import type { BatchEvent, SettledBatchEvent } from '../events/batch-event';
import type { BatchOutcome } from '../events/batch-outcome';
import { awaitBatch, type AsyncBatchOptions } from '../promise/agenerate-batch';
import type { BatchItem, BatchOptions } from '../schemas/batch-options';
import type { GeneratorOptions } from '../schemas/options';
import type { GenerationResult } from '../schemas/result';
import { parseOrThrow } from '../schemas/validate';
import { queueBatch$ } from './queue-batch';
import { PersonaQueueOptionsSchema, QueueNameSchema, type PersonaQueueOptions, type ResolvedPersonaQueueOptions, type WorkOptions } from './queue-options';
import { startWorker, type PersonaWorker } from './queue-worker';
import { bullConnection, connectRedis } from './redis-connect';

/** Batch options across machines: those of `generateAll$` but `concurrency` (each worker's) and `resumeKey`. */
export type QueueBatchOptions = Omit<BatchOptions, 'concurrency' | 'resumeKey'>;
export type AsyncQueueBatchOptions = Omit<AsyncBatchOptions, 'concurrency' | 'resumeKey'>;

interface Connected {
  queue: Queue;
  control: Redis;
}

/**
 * Runs across processes and machines on BullMQ and Redis. The same name and Redis make the same
 * queue in every process: producers call `generateAll$` / `agenerateBatch`, workers `work`.
 * Nothing connects before the first of them; Redis unreachable fails it with QueueError naming
 * the address within `connectTimeoutMs`.
 */
export class PersonaQueue {
  readonly name: string;
  readonly options: ResolvedPersonaQueueOptions;
  #connected?: Promise<Connected>;
  readonly #workers = new Set<PersonaWorker>();
  readonly #closing = new Set<Promise<unknown>>();
  #closed?: Promise<void>;

  constructor(name: string, options: PersonaQueueOptions = {}) {
    this.name = parseOrThrow(QueueNameSchema, name, 'queue name');
    this.options = parseOrThrow(PersonaQueueOptionsSchema, options, 'queue options');
  }

  /** Connects once: the control connection (cancel messages, the event stream's position) and the BullMQ queue. */
  ready(): Promise<Connected> {
    this.#connected ??= connectRedis(this.options.connection, this.options.connectTimeoutMs).then((control) => {
      const queue = new Queue(this.name, { connection: bullConnection(this.options.connection, this.options.connectTimeoutMs), prefix: this.options.prefix });
      queue.on('error', () => undefined);
      return { queue, control };
    });
    return this.#connected;
  }

  /** Teardown work (closing an event reader, cancelling a batch) that `close()` waits for. */
  closing(done: Promise<unknown>): void {
    const settled = done.catch(() => undefined).finally(() => this.#closing.delete(settled));
    this.#closing.add(settled);
  }

  /**
   * The configs as jobs on the queue, and the workers' events about them: every event of each
   * run but `token`, in order per job, and exactly one `result` (or, in `settle`, `failed`) per
   * job. Unsubscribing or a fail-fast failure removes the batch's waiting jobs and aborts its
   * running ones on whichever worker runs them. Cold.
   */
  generateAll$(configs: readonly BatchItem[], options?: QueueBatchOptions & { mode?: 'fail-fast' }): Observable<BatchEvent>;
  generateAll$(configs: readonly BatchItem[], options: QueueBatchOptions & { mode: 'settle' }): Observable<SettledBatchEvent>;
  generateAll$(configs: readonly BatchItem[], options?: QueueBatchOptions): Observable<SettledBatchEvent>;
  generateAll$(configs: readonly BatchItem[], options: QueueBatchOptions = {}): Observable<SettledBatchEvent> {
    return queueBatch$(this, configs, options);
  }

  /** `generateAll$` awaited: results (or, in `settle`, allSettled-shaped outcomes) in input order. */
  agenerateBatch(configs: readonly BatchItem[], options?: AsyncQueueBatchOptions & { mode?: 'fail-fast' }): Promise<GenerationResult[]>;
  agenerateBatch(configs: readonly BatchItem[], options: AsyncQueueBatchOptions & { mode: 'settle' }): Promise<BatchOutcome[]>;
  agenerateBatch(configs: readonly BatchItem[], options: AsyncQueueBatchOptions = {}): Promise<GenerationResult[] | BatchOutcome[]> {
    return awaitBatch(this, configs, options);
  }

  /**
   * Takes the queue's jobs in this process and runs them on a PersonaGenerator made from
   * `generatorOptions` (the API key stays here). `concurrency` jobs at once; `workerOptions` are
   * BullMQ's (`lockDuration`, `stalledInterval`, …). Await `worker.ready` to know Redis answered.
   */
  work(generatorOptions: GeneratorOptions, options?: WorkOptions): PersonaWorker {
    const worker = startWorker(this, generatorOptions, options);
    this.#workers.add(worker);
    return worker;
  }

  /** Closes this process's workers, its batches' event readers and its connections. */
  close(): Promise<void> {
    this.#closed ??= this.#close();
    return this.#closed;
  }

  async #close(): Promise<void> {
    await Promise.all([...this.#workers].map((worker) => worker.close()));
    await Promise.all([...this.#closing]);
    const connected = await this.#connected?.catch(() => undefined);
    await connected?.queue.close();
    await connected?.control.quit();
  }
}
