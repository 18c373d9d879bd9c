import type { SimulatedReply, WireProtocol } from '../wire-protocol';

interface ChatBody {
  model?: string;
  prompt_cache_key?: string;
  stream?: boolean;
  messages?: { role: string; content: string }[];
  response_format?: { type?: string; json_schema?: { schema?: Record<string, unknown> } };
  max_tokens?: number;
  max_completion_tokens?: number;
}

const sse = (data: unknown): string => `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

/** OpenAI chat completions, as served by api.openai.com and compatible servers. */
export const openAiWire: WireProtocol = {
  provider: 'openai',
  matches: (method, path) => method === 'POST' && path.endsWith('/chat/completions'),
  isStream: (_path, body) => (body as ChatBody).stream === true,
  promptOf: (body) => promptOf(body as ChatBody),
  // Automatic caching: prompts of 1,024 tokens or more, the longest prefix seen before, in steps of 128 tokens.
  cachePrefixOf: (_path, body) => {
    const chat = body as ChatBody;
    const scope = JSON.stringify([chat.model, chat.response_format ?? null]);
    return { kind: 'implicit', scope, prompt: promptOf(chat), minimumTokens: 1024, increment: 128 };
  },
  modelOf: (_path, body) => (body as ChatBody).model ?? 'gpt-4o-mini',
  answerSchemaOf: (body) => {
    const format = (body as ChatBody).response_format;
    return format?.type === 'json_schema' ? (format.json_schema?.schema ?? {}) : undefined;
  },
  structuredRefusal: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
  whole: (reply) => ({
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 0,
    model: reply.model,
    choices: [{ index: 0, message: { role: 'assistant', content: reply.text }, finish_reason: 'stop' }],
    ...(reply.usage ? { usage: usageOf(reply) } : {}),
  }),
  streamContentType: 'text/event-stream',
  streamFrames: (reply: SimulatedReply, pieces) => [
    sse(chunk(reply, { role: 'assistant', content: '' })),
    ...pieces.map((content) => sse(chunk(reply, { content }))),
    sse({ ...chunk(reply, {}), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
    ...(reply.usage ? [sse({ ...chunk(reply, {}), choices: [], usage: usageOf(reply) })] : []),
    sse('[DONE]'),
  ],
  errorBody: (status, message) => ({
    error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'server_error', code: null },
  }),
  streamErrorFrame: (message) => sse({ error: { message, type: 'server_error' } }),
  maxTokensOf: (body) => (body as ChatBody).max_tokens ?? (body as ChatBody).max_completion_tokens,
  // The prompt and the completion it reserves count against the window.
  tooLong: (promptTokens, maxTokens, contextWindow) =>
    promptTokens + maxTokens <= contextWindow
      ? undefined
      : {
          status: 400,
          body: {
            error: {
              message: `This model's maximum context length is ${contextWindow} tokens. However, you requested ${promptTokens + maxTokens} tokens (${promptTokens} in the messages, ${maxTokens} in the completion). Please reduce the length of the messages or completion.`,
              type: 'invalid_request_error',
              param: 'messages',
              code: 'context_length_exceeded',
            },
          },
        },
};

function promptOf(body: ChatBody): string {
  return (body.messages ?? []).map((message) => message.content).join('\n');
}

function chunk(reply: SimulatedReply, delta: Record<string, string>): Record<string, unknown> {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: 0,
    model: reply.model,
    choices: [{ index: 0, delta, finish_reason: null }],
  };
}

function usageOf(reply: SimulatedReply): Record<string, unknown> {
  const usage = reply.usage as NonNullable<SimulatedReply['usage']>;
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
  };
}
