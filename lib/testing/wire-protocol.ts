import type { IncomingHttpHeaders } from 'node:http';
import type { CachePrefix } from './prompt-cache';

/** Usage as the simulated server reports it; the cache figures are parts of `inputTokens`. */
export interface SimulatedUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
  cacheWriteInputTokens?: number;
}

export interface SimulatedReply {
  text: string;
  usage: SimulatedUsage | null;
  model: string;
  /** The request asked for the provider's JSON-schema mode. */
  structured: boolean;
}

/** How one provider's wire format looks from the server's side. Timing and faults are shared. */
export interface WireProtocol {
  readonly provider: string;
  matches(method: string, path: string): boolean;
  isStream(path: string, body: unknown): boolean;
  /** The prompt text, for the simulated answer. */
  promptOf(body: unknown): string;
  /** What of the request the provider's prompt cache can hold; none when the provider caches nothing. */
  cachePrefixOf?(path: string, body: unknown): CachePrefix | undefined;
  /** The part of the prompt the model reads, when it reads less than all of it (Ollama past `num_ctx`). */
  promptRead?(body: unknown): string;
  modelOf(path: string, body: unknown): string;
  /** Headers the real service insists on: a request missing one gets the service's own 4xx status and message. */
  missingHeader?(headers: IncomingHttpHeaders): { status: number; message: string } | undefined;
  /** The JSON schema of the answer when the request asks for the provider's schema mode. */
  answerSchemaOf(body: unknown): Record<string, unknown> | undefined;
  /** What the service says, with a 400, to a schema-mode request for a model that lacks it. */
  readonly structuredRefusal: string;
  whole(reply: SimulatedReply): unknown;
  streamContentType: string;
  /** The stream's frames, already serialised, for the text split into `pieces`. */
  streamFrames(reply: SimulatedReply, pieces: string[]): string[];
  errorBody(status: number, message: string): unknown;
  /** The output tokens a request reserves (`max_tokens` and the like). */
  maxTokensOf?(body: unknown): number | undefined;
  /** The provider's refusal of a prompt over its window, in its real shape; undefined when it fits. */
  tooLong?(promptTokens: number, maxTokens: number, contextWindow: number): { status: number; body: unknown } | undefined;
  /** An error reported inside an open stream (an overload, say). */
  streamErrorFrame(message: string): string;
}
