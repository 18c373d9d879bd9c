import { z } from 'zod';

/** Node's timers hold a signed 32-bit delay: anything longer fires after 1 ms instead. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

const TOO_LONG = `must be at most ${MAX_TIMER_MS} ms (about 24.8 days), the longest delay a timer can wait`;

/** A delay the library waits with a timer: 1 ms up to the longest a timer can wait. */
export const TimerMsSchema = z.number().int().positive().max(MAX_TIMER_MS, TOO_LONG);

/** A time limit: `0` (like no value) means none; anything else is waited with a timer. */
export const LimitMsSchema = z.number().int().nonnegative().max(MAX_TIMER_MS, TOO_LONG);
