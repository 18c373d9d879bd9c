import { ConfigurationError } from '../errors';
import { chatMessages, jsonHeaders, sameShapeParsers, type ChatRequest, type Connection, type ProviderAdapter, type ProviderChunk } from './provider';
import { reportedUsage } from './reported-usage';

const OLLAMA_PORT = '11434';

/**
 * `OLLAMA_HOST` as Ollama itself reads it: the scheme defaults to http, the port to 11434, and
 * `:PORT` alone means this machine. Values with a scheme are taken as they are.
 */
export function ollamaBaseURL(host: string): string {
  const value = host.trim();
  if (/^[a-z][a-z\d+.-]*:\/\//i.test(value)) return value;
  let url: URL;
  try {
    url = new URL(`http://${value.startsWith(':') ? `127.0.0.1${value}` : value}`);
  } catch {
    throw new ConfigurationError(`'${value}' is not an Ollama host: use HOST[:PORT] or a URL`, [
      { path: 'baseURL', message: 'not a host or URL' },
    ]);
  }
  if (!url.port) url.port = OLLAMA_PORT;
  return url.href;
}

/** Ollama's request headers: JSON, and the key as a bearer token when there is one (ollama.com, a proxy). */
export function ollamaHeaders(connection: Connection): Record<string, string> {
  return jsonHeaders(connection, (apiKey) => ({ authorization: `Bearer ${apiKey}` }));
}

/** One line of /api/chat: a piece of the answer, the closing line with the counts, or an error. */
interface OllamaChatLine {
  message?: { content?: string };
  done?: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
  error?: string;
}

function chunksOf(line: OllamaChatLine): ProviderChunk[] {
  // Ollama's in-stream errors carry no status; they come from the model runner, so retry them.
  if (line.error) return [{ type: 'error', status: 500, message: line.error }];
  const content = line.message?.content;
  const text: ProviderChunk[] = content ? [{ type: 'text', delta: content }] : [];
  if (!line.done) return text;
  const end: ProviderChunk = line.done_reason === 'length' ? { type: 'end', reason: 'token-limit' } : { type: 'end' };
  return [...text, ...reportedUsage(line.prompt_eval_count, line.eval_count), end];
}

/** Ollama's native chat API: NDJSON when streaming, one object when not. No key needed locally. */
export const ollamaAdapter: ProviderAdapter = {
  name: 'ollama',
  defaultModel: 'llama3.2',
  defaultBaseURL: `http://127.0.0.1:${OLLAMA_PORT}`,
  // Only for ollama.com or an authenticating proxy.
  apiKeyEnv: ['OLLAMA_API_KEY'],
  baseURLEnv: 'OLLAMA_HOST',
  normalizeBaseURL: ollamaBaseURL,
  requiresApiKey: false,
  framing: 'ndjson',
  structuredOutputByDefault: true,
  toRequest(request: ChatRequest, connection: Connection) {
    return {
      url: `${connection.baseURL}/api/chat`,
      headers: ollamaHeaders(connection),
      body: {
        model: request.model,
        messages: chatMessages(request),
        // Ollama streams unless told not to.
        stream: request.stream,
        ...(request.structured ? { format: request.structured.schema } : {}),
        // Without num_ctx Ollama reads only the end of a long prompt, silently.
        options: {
          temperature: request.temperature,
          num_predict: request.maxTokens,
          ...(request.contextWindow !== undefined && { num_ctx: request.contextWindow }),
        },
      },
    };
  },
  ...sameShapeParsers((body) => chunksOf(body as OllamaChatLine)),
  errorMessage(body) {
    const error = (body as OllamaChatLine | undefined)?.error;
    return typeof error === 'string' ? error : undefined;
  },
};
