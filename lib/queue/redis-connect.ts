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
  // Connection errors are reported by connect(); without a listener ioredis would log them.
  client.on('error', () => undefined);
  const timer = new Promise<never>((_, reject) => {
    const handle = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    client.once('end', () => clearTimeout(handle)).once('ready', () => clearTimeout(handle));
  });
  try {
    await Promise.race([client.connect().then(() => client.ping()), timer]);
    return client;
  } catch (error) {
    client.disconnect();
    throw new QueueError(`Redis at ${addressOf(connection)} is unreachable: ${(error as Error).message}`, { address: addressOf(connection) });
  }
}

/** The options BullMQ's own connections get: the same server, and commands that wait for it. */
export function bullConnection(connection: Connection, timeoutMs: number): Connection & { connectTimeout: number; maxRetriesPerRequest: null } {
  return { ...connection, connectTimeout: timeoutMs, maxRetriesPerRequest: null };
}
