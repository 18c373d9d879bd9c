import { Redis } from 'ioredis';
import type { z } from 'zod';
import type { RedisConnectionSchema } from './queue-options';
import { QueueError } from './queue-error';

type Connection = z.output<typeof RedisConnectionSchema>;

export function addressOf(connection: Connection): string {
  return `${connection.host}:${connection.port}`;
}

/**
 * A connection that fails instead of waiting: ioredis otherwise retries forever and queues every
 * command meanwhile, so an unreachable Redis would be a hang. Resolves once Redis answers PING;
 * rejects within `timeoutMs` with QueueError naming the address.
 */
export async function connectRedis(connection: Connection, timeoutMs: number): Promise<Redis> {
  const client = new Redis({
    ...connection,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // The socket's own error says why (ECONNREFUSED, ENOTFOUND, WRONGPASS); connect() only says it closed.
  let cause = 'no answer';
  client.on('error', (error: Error) => (cause = error.message));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([client.connect().then(() => client.ping()), timedOut]);
    return client;
  } catch (error) {
    client.disconnect();
    const why = (error as Error).message.startsWith('no answer within') ? (error as Error).message : cause;
    throw new QueueError(`Redis at ${addressOf(connection)} is unreachable: ${why}`, { address: addressOf(connection) });
  } finally {
    clearTimeout(timer);
  }
}

/** The options BullMQ's own connections get: the same server, and commands that wait for it. */
export function bullConnection(connection: Connection, timeoutMs: number): Connection & { connectTimeout: number; maxRetriesPerRequest: null } {
  return { ...connection, connectTimeout: timeoutMs, maxRetriesPerRequest: null };
}
