import type { SimulatedUsage } from './wire-protocol';

/** How the simulated server answers one request. Every field is optional. */
export interface ScriptedResponse {
  /** HTTP status; anything but 2xx sends the provider's error body with `errorMessage`. */
  status?: number;
  headers?: Record<string, string>;
  errorMessage?: string;
  /** The assistant's text; by default a simulated answer built from the prompt's research data. */
  text?: string;
  /**
   * Reported usage, in place of the counted one (cache figures included, as parts of
   * `inputTokens`); `null` leaves usage out, as some OpenAI-compatible servers do.
   */
  usage?: SimulatedUsage | null;
  /**
   * The whole body, sent as it is instead of the provider's answer (stream mode: as one frame),
   * to play a hostile or broken provider. Status and headers still apply.
   */
  rawBody?: string;
  /** The stream's frames, already serialised, sent as they are instead of the provider's (whole mode: joined). */
  rawFrames?: string[];
  /**
   * Refuse a request that asks for the provider's JSON-schema mode with the 400 the service
   * gives a model without it; a request without the schema mode is answered as usual.
   */
  refuseStructuredOutput?: boolean;
  /** Wait before the response head. */
  latencyMs?: number;
  /**
   * Hold the answer until this many requests are in flight at once (or the client goes away): a
   * barrier that lets a concurrency test see its limit reached without racing a clock.
   */
  awaitInFlight?: number;
  /** Wait between streamed chunks. */
  chunkDelayMs?: number;
  /** Characters of text per streamed chunk. */
  chunkSize?: number;
  /**
   * - `reset`: destroy the socket before answering.
   * - `hang`: never answer.
   * - `malformed`: answer 200 with a body that is not the provider's format.
   * - `reset-mid-stream`: stream half the text, then destroy the socket.
   * - `hang-mid-stream`: stream half the text, then go silent.
   * - `error-mid-stream`: stream half the text, then the provider's in-stream error event.
   * - `end-mid-stream`: stream half the text, then end the response cleanly, without the
   *   provider's closing event, as a proxy that cuts a stream does.
   */
  fault?: 'reset' | 'hang' | 'malformed' | 'reset-mid-stream' | 'hang-mid-stream' | 'error-mid-stream' | 'end-mid-stream';
}

export interface RecordedRequest {
  provider: string;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  stream: boolean;
}
