import { cachesAutomatically } from './automatic-cache';
import { geminiSchema } from './gemini-schema';
import { jsonHeaders, sameShapeParsers, type ChatRequest, type Connection, type ProviderAdapter, type ProviderChunk } from './provider';
import { reportedUsage, tokenCount } from './reported-usage';

/** Google's canonical error statuses (google.rpc.Code) and their HTTP equivalents. */
export const GOOGLE_RPC_STATUS: Readonly<Record<string, number>> = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  OUT_OF_RANGE: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  ABORTED: 409,
  ALREADY_EXISTS: 409,
  RESOURCE_EXHAUSTED: 429,
  CANCELLED: 499,
  INTERNAL: 500,
  UNKNOWN: 500,
  DATA_LOSS: 500,
  UNIMPLEMENTED: 501,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
};

interface GeminiError {
  code?: number;
  message?: string;
  status?: string;
}

/** A GenerateContentResponse: the whole answer, or one chunk of a stream. */
interface GeminiResponse {
  candidates?: { content?: { parts?: { text?: string; thought?: boolean }[] }; finishReason?: string }[];
  /** `promptTokenCount` counts all input; `cachedContentTokenCount` the part served from the cache. */
  usageMetadata?: { promptTokenCount?: number; candidatesTokenCount?: number; thoughtsTokenCount?: number; cachedContentTokenCount?: number };
  promptFeedback?: { blockReason?: string };
  error?: GeminiError;
}

function describe(error: GeminiError): string {
  return [error.status, error.message].filter(Boolean).join(': ') || 'unknown error';
}

/** Errors arrive as an object, or (from streaming endpoints) as a one-element array. */
function errorOf(body: unknown): GeminiError | undefined {
  return (Array.isArray(body) ? (body[0] as GeminiResponse | undefined) : (body as GeminiResponse | undefined))?.error;
}

function chunksOf(response: GeminiResponse): ProviderChunk[] {
  if (response.error) {
    const status = response.error.code ?? GOOGLE_RPC_STATUS[response.error.status ?? ''] ?? 500;
    return [{ type: 'error', status, message: describe(response.error) }];
  }
  const blocked = response.promptFeedback?.blockReason;
  if (blocked) return [{ type: 'error', status: 400, message: `The prompt was blocked: ${blocked}` }];
  // One candidate is asked for; thought summaries are not part of the answer.
  const parts = response.candidates?.[0]?.content?.parts ?? [];
  const text = parts
    .filter((part) => !part.thought && part.text)
    .map((part): ProviderChunk => ({ type: 'text', delta: part.text as string }));
  const finishReason = response.candidates?.[0]?.finishReason;
  const end: ProviderChunk[] = finishReason ? [finishReason === 'MAX_TOKENS' ? { type: 'end', reason: 'token-limit' } : { type: 'end' }] : [];
  const usage = response.usageMetadata;
  if (!usage) return [...text, ...end];
  // Thinking tokens are billed as output, so they count as output here too.
  const candidates = tokenCount(usage.candidatesTokenCount);
  const thoughts = usage.thoughtsTokenCount === undefined ? 0 : tokenCount(usage.thoughtsTokenCount);
  const outputTokens = candidates === undefined || thoughts === undefined ? undefined : candidates + thoughts;
  return [...text, ...reportedUsage(usage.promptTokenCount, outputTokens, { read: usage.cachedContentTokenCount }), ...end];
}

/** Gemini API (generativelanguage.googleapis.com): generateContent, and streamGenerateContent as SSE. */
export const geminiAdapter: ProviderAdapter = {
  name: 'gemini',
  defaultModel: 'gemini-3.5-flash-lite',
  defaultBaseURL: 'https://generativelanguage.googleapis.com',
  // The official SDK prefers GOOGLE_API_KEY when both are set; so do we.
  apiKeyEnv: ['GOOGLE_API_KEY', 'GEMINI_API_KEY'],
  baseURLEnv: 'GOOGLE_GEMINI_BASE_URL',
  requiresApiKey: true,
  cachesPrefix: cachesAutomatically,
  framing: 'sse',
  structuredOutputByDefault: true,
  toRequest(request: ChatRequest, connection: Connection) {
    const model = encodeURIComponent(request.model.replace(/^models\//, ''));
    const method = request.stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
    return {
      // The key travels in a header, never in the URL, where logs and proxies would keep it.
      url: `${connection.baseURL}/v1beta/models/${model}:${method}`,
      headers: jsonHeaders(connection, (apiKey) => ({ 'x-goog-api-key': apiKey })),
      body: {
        systemInstruction: { parts: [{ text: request.system }] },
        contents: [{ role: 'user', parts: [{ text: request.prompt }] }],
        generationConfig: {
          temperature: request.temperature,
          maxOutputTokens: request.maxTokens,
          ...(request.structured ? { responseMimeType: 'application/json', responseSchema: geminiSchema(request.structured.schema) } : {}),
        },
      },
    };
  },
  // Each SSE event is a whole GenerateContentResponse holding the next piece.
  ...sameShapeParsers((body) => chunksOf(body as GeminiResponse)),
  errorMessage(body) {
    const error = errorOf(body);
    return error ? describe(error) : undefined;
  },
};
