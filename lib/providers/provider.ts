import type { ProviderName } from '../schemas/options';
import type { StructuredOutput } from './structured-output';
import type { HttpRequestSpec } from '../transport/http-request';
import type { WireFrame } from '../transport/framer';

/** What the run asks of a model, in provider-neutral terms. */
export interface ChatRequest {
  model: string;
  system: string;
  prompt: string;
  temperature: number;
  maxTokens: number;
  stream: boolean;
  /** Ask for the answer through the provider's native JSON-schema mode; plain prompting without it. */
  structured?: StructuredOutput;
  /** Tokens of context the server should give this request (Ollama's `num_ctx`); hosted providers size it themselves. */
  contextWindow?: number;
}

export interface Connection {
  baseURL: string;
  apiKey?: string;
  headers: Record<string, string>;
}

export interface TokenUsage {
  /** All input tokens, cached or not. */
  inputTokens?: number;
  outputTokens?: number;
  /** Input tokens served from the provider's prompt cache. */
  cachedInputTokens?: number;
  /** Input tokens written to the provider's prompt cache (Anthropic). */
  cacheWriteInputTokens?: number;
}

/**
 * What one frame (or a whole response) says. An `error` carries the HTTP status the provider's
 * error type stands for, so that one mapping decides what is retryable for every provider.
 */
export type ProviderChunk =
  | { type: 'text'; delta: string }
  | { type: 'usage'; usage: TokenUsage }
  | { type: 'error'; status: number; message: string }
  /**
   * The provider said the answer is complete; a stream that closes without it was cut off.
   * `token-limit`: it stopped because the output reached `maxTokens`, so the answer is cut.
   */
  | { type: 'end'; reason?: 'token-limit' };

/**
 * The only place that knows a provider's wire format. Everything else (transport, retries,
 * limits, deadlines, parsing) is shared.
 */
export interface ProviderAdapter {
  readonly name: ProviderName;
  readonly defaultModel: string;
  readonly defaultBaseURL: string;
  /** Environment variables holding the key, in order of preference. */
  readonly apiKeyEnv: readonly string[];
  readonly baseURLEnv?: string;
  /** Turns an endpoint as users write it (say, `OLLAMA_HOST=0.0.0.0`) into a base URL. */
  normalizeBaseURL?(value: string): string;
  readonly requiresApiKey: boolean;
  readonly framing: 'sse' | 'ndjson';
  /** Whether `structuredOutput` is on unless the user says otherwise. */
  readonly structuredOutputByDefault: boolean;
  toRequest(request: ChatRequest, connection: Connection): HttpRequestSpec;
  /** Whether the provider caches this request's shared prefix (the system message); absent: it caches nothing. */
  cachesPrefix?(request: ChatRequest): boolean;
  /** A whole (non-streamed) response body, already JSON-decoded. */
  parseWhole(body: unknown): ProviderChunk[];
  parseFrame(frame: WireFrame): ProviderChunk[];
  /** The provider's own message in an error body, if it has one. */
  errorMessage(body: unknown): string | undefined;
}

/** JSON request headers: the key in the provider's own header (when there is a key), then the user's extra headers. */
export function jsonHeaders(connection: Connection, keyHeaders: (apiKey: string) => Record<string, string>): Record<string, string> {
  return {
    'content-type': 'application/json',
    ...(connection.apiKey ? keyHeaders(connection.apiKey) : {}),
    ...connection.headers,
  };
}

/** The system prompt and the user's prompt as chat messages, for APIs that take the system prompt as a message. */
export function chatMessages(request: ChatRequest): { role: 'system' | 'user'; content: string }[] {
  return [
    { role: 'system', content: request.system },
    { role: 'user', content: request.prompt },
  ];
}

/** Both parsers of a wire format whose stream frames are shaped like its whole response. */
export function sameShapeParsers(chunksOf: (body: unknown) => ProviderChunk[]): Pick<ProviderAdapter, 'parseWhole' | 'parseFrame'> {
  return { parseWhole: chunksOf, parseFrame: (frame) => chunksOf(JSON.parse(frame.data)) };
}
