import { keptByOllama } from '../context-window';
import type { SimulatedReply, WireProtocol } from '../wire-protocol';

interface ChatBody {
  model?: string;
  stream?: boolean;
  messages?: { role: string; content: string }[];
  format?: unknown;
  options?: { num_ctx?: unknown; num_predict?: number };
}

const CREATED_AT = '2025-01-01T00:00:00Z';

const line = (data: unknown): string => `${JSON.stringify(data)}\n`;

function message(reply: SimulatedReply, content: string, done: boolean): Record<string, unknown> {
  return { model: reply.model, created_at: CREATED_AT, message: { role: 'assistant', content }, done };
}

/** The closing fields of a response: why it stopped, and the token counts when there are any. */
function closing(reply: SimulatedReply): Record<string, unknown> {
  return {
    done_reason: 'stop',
    total_duration: 1_000_000,
    ...(reply.usage ? { prompt_eval_count: reply.usage.inputTokens, eval_count: reply.usage.outputTokens } : {}),
  };
}

/** Ollama's native chat API: `POST /api/chat`, newline-delimited JSON unless `stream: false`. */
export const ollamaWire: WireProtocol = {
  provider: 'ollama',
  matches: (method, path) => method === 'POST' && path === '/api/chat',
  // Ollama streams unless the request says `stream: false`.
  isStream: (_path, body) => (body as ChatBody).stream !== false,
  promptOf: (body) => ((body as ChatBody).messages ?? []).map((entry) => entry.content).join('\n'),
  // Past `num_ctx` (or its default) Ollama reads only the end of the prompt, and says nothing.
  promptRead: (body) => keptByOllama(ollamaWire.promptOf(body), (body as ChatBody).options?.num_ctx),
  modelOf: (_path, body) => (body as ChatBody).model ?? 'llama3.2',
  // `format: "json"` asks for any JSON; an object is a schema.
  answerSchemaOf: (body) => {
    const { format } = body as ChatBody;
    return typeof format === 'object' && format !== null ? (format as Record<string, unknown>) : undefined;
  },
  structuredRefusal: 'invalid format: structured outputs are not supported by this model',
  whole: (reply) => ({ ...message(reply, reply.text, true), ...closing(reply) }),
  streamContentType: 'application/x-ndjson',
  streamFrames: (reply, pieces) => [
    ...pieces.map((content) => line(message(reply, content, false))),
    line({ ...message(reply, '', true), ...closing(reply) }),
  ],
  errorBody: (_status, error) => ({ error }),
  streamErrorFrame: (error) => line({ error }),
};
