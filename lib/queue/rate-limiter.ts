import type { Redis } from 'ioredis';
import { defer, map, switchMap, timer, type Observable } from 'rxjs';

/**
 * The next free start time of a shared pace, in Redis (GCRA): each caller takes the slot after the
 * last one taken, by Redis's clock, and learns how long to wait for it. One key per queue, so every
 * worker on every machine keeps to one pace, and starts are spaced evenly: no window boundary
 * exists to let two windows' worth through at once.
 */
const TAKE_SLOT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local interval = tonumber(ARGV[1])
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, nextFree)
redis.call('SET', KEYS[1], tostring(slot + interval), 'PX', math.ceil(slot - now + interval * 2))
return slot - now
`;

/**
 * The share of the quota the pace uses: a request leaves its worker a few milliseconds after its
 * slot, more or fewer from one process to the next, and a provider counts arrivals in a strict
 * rolling window; the slack keeps that spread from crowding one more request into a window.
 */
export const PACE_SHARE = 0.95;

/** Milliseconds between two starts for a quota of `requestsPerMinute`. */
export function paceIntervalMs(requestsPerMinute: number): number {
  return 60_000 / (requestsPerMinute * PACE_SHARE);
}

/** Emits once this caller's slot has come: at once, or after the wait Redis gave it. Unsubscribing during the wait clears it. */
export function paced$(client: Redis, key: string, requestsPerMinute: number): Observable<void> {
  return defer(() => client.eval(TAKE_SLOT, 1, key, String(paceIntervalMs(requestsPerMinute)))).pipe(
    switchMap((waitMs) => timer(Number(waitMs))),
    map(() => undefined),
  );
}
