/**
 * A queue worker in a process of its own, as a user runs one: `node -r ts-node/register worker-process.ts`.
 * Configured by environment; prints `ready` once it takes jobs, and closes cleanly on SIGTERM.
 */
import { PersonaQueue } from '../../../lib/queue';

const env = process.env;
const queue = new PersonaQueue(env.QUEUE_NAME as string, {
  connection: { host: '127.0.0.1', port: Number(env.REDIS_PORT) },
  ...(env.RPM ? { rateLimit: { requestsPerMinute: Number(env.RPM) } } : {}),
});
const worker = queue.work(
  { provider: 'openai', apiKey: env.WORKER_API_KEY, baseURL: env.BASE_URL, maxRetries: Number(env.MAX_RETRIES ?? 2), retryBaseDelayMs: 50 },
  {
    concurrency: Number(env.CONCURRENCY ?? 1),
    workerOptions: { lockDuration: Number(env.LOCK_MS ?? 30_000), stalledInterval: Number(env.STALLED_MS ?? 30_000) },
  },
);
process.once('SIGTERM', () => {
  void queue.close().then(() => process.exit(0));
});
worker.ready.then(
  () => process.stdout.write('ready\n'),
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  },
);
