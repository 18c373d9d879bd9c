import type { WireFrame } from '../transport/framer';
import { anthropicCachesPrefix, cachedSystem } from './anthropic-cache';
import type { StructuredOutput } from './structured-output';
import { jsonHeaders, type ChatRequest, type Connection, type ProviderAdapter, type ProviderChunk } from './provider';
import { reportedUsage, tokenCount } from './reported-usage';

export const ANTHROPIC_VERSION = '2023-06-01';

/** Anthropic's error types and the HTTP statuses they stand for, in bodies and in `event: error`. */
export const ANTHROPIC_ERROR_STATUS: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/** Anthropic accepts temperatures 0–1; the config allows up to 2. */
const MAX_TEMPERATURE = 1;

interface AnthropicUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
}

interface AnthropicError {
  type?: string;
  message?: string;
}

/** A text block, or (in structured mode) the forced tool's call, whose input is the answer. */
interface AnthropicContentBlock {
  type: string;
  text?: string;
  input?: unknown;
}

interface AnthropicMessage {
  content?: AnthropicContentBlock[];
  stop_reason?: string | null;
  usage?: AnthropicUsage;
  error?: AnthropicError;
}

/** One SSE event's data: every event names its own `type`, so the `event:` line is not needed. */
interface AnthropicStreamEvent {
  type?: string;
  message?: AnthropicMessage;
  delta?: { type?: string; text?: string; partial_json?: string; stop_reason?: string | null };
  usage?: AnthropicUsage;
  error?: AnthropicError;
}

/**
 * Anthropic's `input_tokens` counts only the input after the last cache breakpoint: all input is
 * that plus what was read from and written to the cache. Sent together, as the service does.
 */
function usageChunks(usage: AnthropicUsage | undefined, outputTokens: unknown): ProviderChunk[] {
  if (!usage) return reportedUsage(undefined, outputTokens);
  const { input_tokens: uncached, cache_read_input_tokens: read, cache_creation_input_tokens: written } = usage;
  const parts = [uncached, read ?? 0, written ?? 0].map(tokenCount);
  // A part that is not a count leaves the whole unknown (NaN, not a count), so the run estimates it.
  const inputTokens = uncached === undefined ? undefined : parts.every((part) => part !== undefined) ? parts.reduce<number>((sum, part) => sum + (part as number), 0) : Number.NaN;
  return reportedUsage(inputTokens, outputTokens, { read, written });
}

function describe(error: AnthropicError): string {
  return [error.type, error.message].filter(Boolean).join(': ') || 'unknown error';
}

/** `max_tokens` means the answer was cut at the token limit; the end itself comes with message_stop. */
function tokenLimitEnd(stopReason: string | null | undefined): ProviderChunk[] {
  return stopReason === 'max_tokens' ? [{ type: 'end', reason: 'token-limit' }] : [];
}

function streamChunks(event: AnthropicStreamEvent): ProviderChunk[] {
  switch (event.type) {
    case 'message_start':
      // Its output_tokens is a placeholder; message_delta brings the real count.
      return usageChunks(event.message?.usage, undefined);
    case 'content_block_delta': {
      // The forced tool's input arrives as pieces of JSON text: the same text the parser reads in plain mode.
      const delta = event.delta?.type === 'input_json_delta' ? event.delta.partial_json : event.delta?.type === 'text_delta' ? event.delta.text : undefined;
      return delta ? [{ type: 'text', delta }] : [];
    }
    case 'message_delta':
      return [...usageChunks(event.usage, event.usage?.output_tokens), ...tokenLimitEnd(event.delta?.stop_reason)];
    case 'message_stop':
      return [{ type: 'end' }];
    case 'error': {
      const error = event.error ?? {};
      return [{ type: 'error', status: ANTHROPIC_ERROR_STATUS[error.type ?? ''] ?? 500, message: describe(error) }];
    }
    default:
      // ping, content_block_start/stop, and event types added later.
      return [];
  }
}

/** Anthropic has no response-format switch: a tool whose input schema is the answer, and a choice forced to it. */
function forcedTool({ name, description, schema }: StructuredOutput): Record<string, unknown> {
  return { tools: [{ name, description, input_schema: schema }], tool_choice: { type: 'tool', name } };
}

function blockText(block: AnthropicContentBlock): string[] {
  if (block.type === 'tool_use' && block.input !== undefined) return [JSON.stringify(block.input)];
  return block.type === 'text' && block.text ? [block.text] : [];
}

/** Anthropic Messages API: whole responses and SSE streams of named events. */
export const anthropicAdapter: ProviderAdapter = {
  name: 'anthropic',
  defaultModel: 'claude-sonnet-4-6',
  defaultBaseURL: 'https://api.anthropic.com',
  apiKeyEnv: ['ANTHROPIC_API_KEY'],
  baseURLEnv: 'ANTHROPIC_BASE_URL',
  requiresApiKey: true,
  framing: 'sse',
  structuredOutputByDefault: true,
  toRequest(request: ChatRequest, connection: Connection) {
    return {
      url: `${connection.baseURL}/v1/messages`,
      headers: {
        'anthropic-version': ANTHROPIC_VERSION,
        ...jsonHeaders(connection, (apiKey) => ({ 'x-api-key': apiKey })),
      },
      body: {
        model: request.model,
        system: cachedSystem(request.system, request.model),
        messages: [{ role: 'user', content: request.prompt }],
        max_tokens: request.maxTokens,
        temperature: Math.min(request.temperature, MAX_TEMPERATURE),
        ...(request.structured ? forcedTool(request.structured) : {}),
        ...(request.stream ? { stream: true } : {}),
      },
    };
  },
  cachesPrefix: anthropicCachesPrefix,
  parseWhole(body) {
    const message = body as AnthropicMessage;
    return [
      ...(message.content ?? []).flatMap(blockText).map((delta): ProviderChunk => ({ type: 'text', delta })),
      ...usageChunks(message.usage, message.usage?.output_tokens),
      ...tokenLimitEnd(message.stop_reason),
    ];
  },
  parseFrame(frame: WireFrame) {
    return streamChunks(JSON.parse(frame.data) as AnthropicStreamEvent);
  },
  errorMessage(body) {
    const error = (body as AnthropicMessage | undefined)?.error;
    return error ? describe(error) : undefined;
  },
};
