import type { IncomingHttpHeaders } from 'node:http';

export interface SimulatedReply {
  text: string;
  usage: { inputTokens: number; outputTokens: number } | null;
  model: string;
}

/** How one provider's wire format looks from the server's side. Timing and faults are shared. */
export interface WireProtocol {
  readonly provider: string;
  matches(method: string, path: string): boolean;
  isStream(path: string, body: unknown): boolean;
  /** The prompt text, for the simulated answer. */
  promptOf(body: unknown): string;
  modelOf(path: string, body: unknown): string;
  /** Headers the real service insists on: a request missing one gets the service's own 4xx status and message. */
  missingHeader?(headers: IncomingHttpHeaders): { status: number; message: string } | undefined;
  whole(reply: SimulatedReply): unknown;
  streamContentType: string;
  /** The stream's frames, already serialised, for the text split into `pieces`. */
  streamFrames(reply: SimulatedReply, pieces: string[]): string[];
  errorBody(status: number, message: string): unknown;
  /** An error reported inside an open stream (an overload, say). */
  streamErrorFrame(message: string): string;
}
