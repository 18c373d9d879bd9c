import type { WireFrame } from '../transport/framer';
import { promptCacheKey } from '../prompts/prompt-cache-key';
import { cachesAutomatically } from './automatic-cache';
import type { StructuredOutput } from './structured-output';
import { chatMessages, jsonHeaders, type ChatRequest, type Connection, type ProviderAdapter, type ProviderChunk } from './provider';
import { reportedUsage } from './reported-usage';

interface ChatCompletionUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  /** `cached_tokens`: the part of `prompt_tokens` served from the prompt cache. */
  prompt_tokens_details?: { cached_tokens?: number } | null;
}

interface ChatCompletionBody {
  choices?: { message?: { content?: string | null }; delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: ChatCompletionUsage | null;
  error?: { message?: string; type?: string; code?: string | number | null };
}

function usageChunks(usage: ChatCompletionUsage | null | undefined): ProviderChunk[] {
  return usage ? reportedUsage(usage.prompt_tokens, usage.completion_tokens, { read: usage.prompt_tokens_details?.cached_tokens }) : [];
}

type Choice = NonNullable<ChatCompletionBody['choices']>[number];

/** The end of the answer, once a choice has a finish reason: `length` means `max_tokens` cut it. */
function endChunks(choices: Choice[]): ProviderChunk[] {
  const reasons = choices.map((choice) => choice.finish_reason).filter(Boolean);
  if (reasons.length === 0) return [];
  return [reasons.includes('length') ? { type: 'end', reason: 'token-limit' } : { type: 'end' }];
}

function textChunks(contents: (string | null | undefined)[]): ProviderChunk[] {
  return contents.filter((text): text is string => !!text).map((delta) => ({ type: 'text', delta }));
}

function responseFormat({ name, description, schema }: StructuredOutput): Record<string, unknown> {
  return { type: 'json_schema', json_schema: { name, description, strict: true, schema } };
}

/** OpenAI chat completions: whole responses and SSE streams ending in `data: [DONE]`. */
function openAiChatAdapter(
  name: 'openai' | 'openai-compatible',
  defaults: Pick<
    ProviderAdapter,
    'defaultModel' | 'defaultBaseURL' | 'apiKeyEnv' | 'baseURLEnv' | 'requiresApiKey' | 'structuredOutputByDefault'
  >,
  /** Send `prompt_cache_key`: OpenAI's own field, which a compatible server may refuse as unknown. */
  cacheKey: boolean,
): ProviderAdapter {
  return {
    name,
    ...defaults,
    framing: 'sse',
    toRequest(request: ChatRequest, connection: Connection) {
      return {
        url: `${connection.baseURL}/chat/completions`,
        headers: jsonHeaders(connection, (apiKey) => ({ authorization: `Bearer ${apiKey}` })),
        body: {
          model: request.model,
          messages: chatMessages(request),
          temperature: request.temperature,
          max_tokens: request.maxTokens,
          ...(request.structured ? { response_format: responseFormat(request.structured) } : {}),
          ...(cacheKey ? { prompt_cache_key: promptCacheKey(request.system) } : {}),
          ...(request.stream ? { stream: true, stream_options: { include_usage: true } } : {}),
        },
      };
    },
    cachesPrefix: cachesAutomatically,
    parseWhole(body) {
      const completion = body as ChatCompletionBody;
      const choices = completion.choices ?? [];
      return [...textChunks(choices.map((choice) => choice.message?.content)), ...usageChunks(completion.usage), ...endChunks(choices)];
    },
    parseFrame(frame: WireFrame) {
      if (frame.data === '[DONE]') return [{ type: 'end' }];
      const chunk = JSON.parse(frame.data) as ChatCompletionBody;
      if (chunk.error) return [{ type: 'error', status: 500, message: chunk.error.message ?? 'stream error' }];
      const choices = chunk.choices ?? [];
      // Some compatible servers close after the finish reason without sending [DONE].
      return [...textChunks(choices.map((choice) => choice.delta?.content)), ...usageChunks(chunk.usage), ...endChunks(choices)];
    },
    errorMessage(body) {
      return (body as ChatCompletionBody | undefined)?.error?.message;
    },
  };
}

export const openAiAdapter = openAiChatAdapter('openai', {
  defaultModel: 'gpt-4o-mini',
  defaultBaseURL: 'https://api.openai.com/v1',
  apiKeyEnv: ['OPENAI_API_KEY'],
  baseURLEnv: 'OPENAI_BASE_URL',
  requiresApiKey: true,
  structuredOutputByDefault: true,
}, true);

/** vLLM, LM Studio, llama.cpp server, OpenRouter…: the OpenAI wire format at a `baseURL` of your own. */
export const openAiCompatibleAdapter = openAiChatAdapter('openai-compatible', {
  defaultModel: 'default',
  defaultBaseURL: 'http://127.0.0.1:8000/v1',
  apiKeyEnv: ['OPENAI_COMPATIBLE_API_KEY'],
  baseURLEnv: 'OPENAI_COMPATIBLE_BASE_URL',
  requiresApiKey: false,
  // Many compatible servers ignore or refuse `json_schema`: plain JSON prompting unless asked.
  structuredOutputByDefault: false,
}, false);
