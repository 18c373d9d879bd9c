import type { ScriptedResponse } from '../../../lib/testing';

/**
 * About 40 chunks, 25 ms apart: each persona's JSON object closes in a chunk of its own, long
 * before the response ends, so a page can be seen showing some personas while the rest stream in.
 */
export const STREAM_SLOWLY: ScriptedResponse = { chunkDelayMs: 25, chunkSize: 48 };
