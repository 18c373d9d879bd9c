import { GOOGLE_RPC_STATUS } from '../../providers/gemini';
import type { SimulatedReply, WireProtocol } from '../wire-protocol';

interface GenerateContentBody {
  systemInstruction?: { parts?: { text?: string }[] };
  contents?: { role?: string; parts?: { text?: string }[] }[];
  generationConfig?: {
    responseMimeType?: string;
    responseSchema?: Record<string, unknown>;
    responseJsonSchema?: Record<string, unknown>;
    maxOutputTokens?: number;
  };
}

const ROUTE = /^\/v1beta\/models\/([^/:?]+):(generateContent|streamGenerateContent)(\?.*)?$/;

// Google's SSE separates events with CRLF pairs.
const sse = (data: unknown): string => `data: ${JSON.stringify(data)}\r\n\r\n`;

const textOf = (parts: { text?: string }[] | undefined): string => (parts ?? []).map((part) => part.text ?? '').join('');

function promptOf({ systemInstruction, contents = [] }: GenerateContentBody): string {
  return [textOf(systemInstruction?.parts), ...contents.map((content) => textOf(content.parts))].join('\n');
}

function statusNameOf(code: number): string {
  return Object.entries(GOOGLE_RPC_STATUS).find(([, status]) => status === code)?.[0] ?? 'UNKNOWN';
}

function errorOf(code: number, message: string): { error: { code: number; message: string; status: string } } {
  return { error: { code, message, status: statusNameOf(code) } };
}

/** Gemini reports `cachedContentTokenCount` (a part of `promptTokenCount`) only when the cache served some. */
function promptUsageOf(usage: NonNullable<SimulatedReply['usage']>): Record<string, number> {
  return { promptTokenCount: usage.inputTokens, ...(usage.cachedInputTokens ? { cachedContentTokenCount: usage.cachedInputTokens } : {}) };
}

function usageMetadataOf(usage: NonNullable<SimulatedReply['usage']>): Record<string, number> {
  return {
    ...promptUsageOf(usage),
    candidatesTokenCount: usage.outputTokens,
    totalTokenCount: usage.inputTokens + usage.outputTokens,
  };
}

function candidate(text: string, finishReason?: string): Record<string, unknown> {
  return { content: { parts: [{ text }], role: 'model' }, index: 0, ...(finishReason ? { finishReason } : {}) };
}

/** The Gemini API: `models/{model}:generateContent`, and `:streamGenerateContent?alt=sse`. */
export const geminiWire: WireProtocol = {
  provider: 'gemini',
  matches: (method, path) => method === 'POST' && ROUTE.test(path),
  isStream: (path) => ROUTE.exec(path)?.[2] === 'streamGenerateContent',
  promptOf: (body) => promptOf(body as GenerateContentBody),
  // Implicit caching: the longest prefix seen before, from 1,024 tokens.
  cachePrefixOf: (path, body) => {
    const request = body as GenerateContentBody;
    const scope = JSON.stringify([ROUTE.exec(path)?.[1], request.generationConfig ?? null]);
    return { kind: 'implicit', scope, prompt: promptOf(request), minimumTokens: 1024, increment: 1 };
  },
  // `matches` has already checked the route.
  modelOf: (path) => decodeURIComponent((ROUTE.exec(path) as RegExpExecArray)[1]),
  missingHeader: (headers) =>
    headers['x-goog-api-key']
      ? undefined
      : {
          status: 403,
          message:
            "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
        },
  answerSchemaOf: (body) => {
    const config = (body as GenerateContentBody).generationConfig;
    if (config?.responseMimeType !== 'application/json') return undefined;
    return config.responseSchema ?? config.responseJsonSchema ?? {};
  },
  structuredRefusal: 'Json mode is not enabled for this model',
  whole: (reply) => ({
    candidates: [candidate(reply.text, 'STOP')],
    ...(reply.usage ? { usageMetadata: usageMetadataOf(reply.usage) } : {}),
    modelVersion: reply.model,
  }),
  streamContentType: 'text/event-stream',
  // Every chunk reports the prompt's tokens so far; the last one the whole count.
  streamFrames: (reply: SimulatedReply, pieces) => [
    ...pieces.map((text) =>
      sse({
        candidates: [candidate(text)],
        ...(reply.usage ? { usageMetadata: promptUsageOf(reply.usage) } : {}),
        modelVersion: reply.model,
      }),
    ),
    sse({
      candidates: [candidate('', 'STOP')],
      ...(reply.usage ? { usageMetadata: usageMetadataOf(reply.usage) } : {}),
      modelVersion: reply.model,
    }),
  ],
  errorBody: errorOf,
  streamErrorFrame: (message) => sse(errorOf(503, message)),
  maxTokensOf: (body) => (body as GenerateContentBody).generationConfig?.maxOutputTokens,
  // Gemini's input limit is its own: the output has a separate one.
  tooLong: (promptTokens, _maxTokens, contextWindow) =>
    promptTokens <= contextWindow
      ? undefined
      : { status: 400, body: errorOf(400, `The input token count (${promptTokens}) exceeds the maximum number of tokens allowed (${contextWindow}).`) },
};
