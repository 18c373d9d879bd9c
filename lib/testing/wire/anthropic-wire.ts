import { ANTHROPIC_ERROR_STATUS } from '../../providers/anthropic';
import type { SimulatedReply, WireProtocol } from '../wire-protocol';

type Content = string | { type: string; text?: string; cache_control?: { type?: string } }[];

interface MessagesBody {
  model?: string;
  stream?: boolean;
  system?: Content;
  messages?: { role: string; content: Content }[];
  tools?: { name?: string; input_schema?: Record<string, unknown> }[];
  tool_choice?: { type?: string; name?: string };
  max_tokens?: number;
}

const MESSAGE_ID = 'msg_fake';
const TOOL_USE_ID = 'toolu_fake';

const event = (type: string, data: Record<string, unknown>): string => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

function textOf(content: Content | undefined): string {
  if (typeof content === 'string') return content;
  return (content ?? []).map((block) => block.text ?? '').join('');
}

/** The forced tool's input: the answer when the request forced a tool and the text is a JSON object. */
function toolInput(reply: SimulatedReply): Record<string, unknown> | undefined {
  if (!reply.structured) return undefined;
  try {
    const input: unknown = JSON.parse(reply.text);
    return typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Usage in Anthropic's shape: `input_tokens` is the input after the cache breakpoint, the cache's parts apart. */
function usageOf(usage: NonNullable<SimulatedReply['usage']>, outputTokens: number): Record<string, number> {
  const read = usage.cachedInputTokens ?? 0;
  const written = usage.cacheWriteInputTokens ?? 0;
  return {
    input_tokens: Math.max(0, usage.inputTokens - read - written),
    cache_creation_input_tokens: written,
    cache_read_input_tokens: read,
    output_tokens: outputTokens,
  };
}

/** The prefix a request marked for caching: tools, then the system blocks up to the last one with `cache_control`. */
function markedPrefix(body: MessagesBody): string | undefined {
  if (!Array.isArray(body.system)) return undefined;
  const last = body.system.map((block) => block.cache_control?.type === 'ephemeral').lastIndexOf(true);
  return last < 0 ? undefined : textOf(body.system.slice(0, last + 1));
}

function errorTypeOf(status: number): string {
  return Object.entries(ANTHROPIC_ERROR_STATUS).find(([, code]) => code === status)?.[0] ?? 'api_error';
}

/** The Anthropic Messages API: `POST /v1/messages`, SSE streams of named events. */
export const anthropicWire: WireProtocol = {
  provider: 'anthropic',
  matches: (method, path) => method === 'POST' && path === '/v1/messages',
  isStream: (_path, body) => (body as MessagesBody).stream === true,
  promptOf: (body) => {
    const { system, messages = [] } = body as MessagesBody;
    return [textOf(system), ...messages.map((message) => textOf(message.content))].join('\n');
  },
  modelOf: (_path, body) => (body as MessagesBody).model ?? 'claude-sonnet-4-6',
  // Explicit caching: nothing without a breakpoint, and nothing shorter than the model's minimum.
  cachePrefixOf: (_path, body) => {
    const messages = body as MessagesBody;
    const prefix = markedPrefix(messages);
    const model = messages.model ?? 'claude-sonnet-4-6';
    return prefix === undefined ? undefined : { kind: 'explicit', scope: JSON.stringify([model, messages.tools ?? null]), prefix, model };
  },
  missingHeader: (headers) => {
    if (!headers['x-api-key']) return { status: 401, message: 'x-api-key header is required' };
    if (!headers['anthropic-version']) return { status: 400, message: 'anthropic-version: header is required' };
    return undefined;
  },
  answerSchemaOf: (body) => {
    const { tools = [], tool_choice: choice } = body as MessagesBody;
    if (choice?.type !== 'tool') return undefined;
    return tools.find((tool) => tool.name === choice.name)?.input_schema ?? {};
  },
  structuredRefusal: 'tools: tool use is not supported by this model',
  whole: (reply) => {
    const input = toolInput(reply);
    return {
      id: MESSAGE_ID,
      type: 'message',
      role: 'assistant',
      model: reply.model,
      content: input ? [{ type: 'tool_use', id: TOOL_USE_ID, name: 'personas', input }] : [{ type: 'text', text: reply.text }],
      stop_reason: input ? 'tool_use' : 'end_turn',
    stop_sequence: null,
      ...(reply.usage ? { usage: usageOf(reply.usage, reply.usage.outputTokens) } : {}),
    };
  },
  streamContentType: 'text/event-stream',
  streamFrames: (reply: SimulatedReply, pieces) => {
    const tool = toolInput(reply) !== undefined;
    return [
    event('message_start', {
      message: {
        id: MESSAGE_ID,
        type: 'message',
        role: 'assistant',
        model: reply.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        ...(reply.usage ? { usage: usageOf(reply.usage, 1) } : {}),
      },
    }),
    event('content_block_start', {
      index: 0,
      content_block: tool ? { type: 'tool_use', id: TOOL_USE_ID, name: 'personas', input: {} } : { type: 'text', text: '' },
    }),
    event('ping', {}),
    ...pieces.map((text) =>
      event('content_block_delta', { index: 0, delta: tool ? { type: 'input_json_delta', partial_json: text } : { type: 'text_delta', text } }),
    ),
    event('content_block_stop', { index: 0 }),
    event('message_delta', {
      delta: { stop_reason: tool ? 'tool_use' : 'end_turn', stop_sequence: null },
      ...(reply.usage ? { usage: { output_tokens: reply.usage.outputTokens } } : {}),
    }),
    event('message_stop', {}),
    ];
  },
  errorBody: (status, message) => ({ type: 'error', error: { type: errorTypeOf(status), message }, request_id: 'req_fake' }),
  streamErrorFrame: (message) => event('error', { error: { type: 'overloaded_error', message } }),
  maxTokensOf: (body) => (body as MessagesBody).max_tokens,
  // A prompt over the window, and a prompt that leaves no room for `max_tokens`, are refused in different words.
  tooLong: (promptTokens, maxTokens, contextWindow) => {
    const refuse = (message: string) => ({ status: 400, body: anthropicWire.errorBody(400, message) });
    if (promptTokens > contextWindow) return refuse(`prompt is too long: ${promptTokens} tokens > ${contextWindow} maximum`);
    if (promptTokens + maxTokens > contextWindow) {
      return refuse(
        `input length and \`max_tokens\` exceed context limit: ${promptTokens} + ${maxTokens} > ${contextWindow}, decrease input length or \`max_tokens\` and try again`,
      );
    }
    return undefined;
  },
};
