import { lastValueFrom, tap, type Observable } from 'rxjs';
import { PersonaGenerator, type GenerationEvent, type GenerationResult, type GeneratorOptions, type ProviderName } from '../../lib';
import type { FakeLlmServer, RecordedRequest } from '../../lib/testing';

export const API_KEY = 'sk-test-SECRET-0123456789abcdef';

/** What the shared suites need to know about each provider, and nothing more. */
export interface ProviderCase {
  provider: ProviderName;
  defaultModel: string;
  baseURL(server: FakeLlmServer): string;
  /** The request path for `model`, whole or streamed. */
  path(model: string, stream: boolean): string;
  /** Headers the real service requires, as this library must send them. */
  requiredHeaders: Record<string, string>;
  /** The response header that carries the service's request id. */
  requestIdHeader: string;
  /** The HTTP status an in-stream error event of the simulated server stands for. */
  inStreamStatus: number;
  /** The provider's own message as the adapter reads it from an error the server sent. */
  providerMessage(status: number, message: string): string;
  /** The prompt text (system and user) of a recorded request. */
  promptOf(request: RecordedRequest): string;
}

interface Message {
  role: string;
  content: string;
}

type Parts = { parts: { text: string }[] };

export const PROVIDERS: readonly ProviderCase[] = [
  {
    provider: 'openai',
    requestIdHeader: 'x-request-id',
    defaultModel: 'gpt-4o-mini',
    baseURL: (server) => server.url,
    path: () => '/v1/chat/completions',
    requiredHeaders: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    inStreamStatus: 500,
    providerMessage: (_status, message) => message,
    promptOf: (request) => (request.body as { messages: Message[] }).messages.map((message) => message.content).join('\n'),
  },
  {
    provider: 'anthropic',
    requestIdHeader: 'request-id',
    defaultModel: 'claude-sonnet-4-6',
    baseURL: (server) => server.origin,
    path: () => '/v1/messages',
    requiredHeaders: { 'x-api-key': API_KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
    inStreamStatus: 529,
    providerMessage: (status, message) =>
      `${({ 400: 'invalid_request_error', 401: 'authentication_error', 429: 'rate_limit_error', 500: 'api_error', 529: 'overloaded_error' } as Record<number, string>)[status]}: ${message}`,
    promptOf: (request) => {
      const body = request.body as { system: string | { text: string }[]; messages: Message[] };
      const system = typeof body.system === 'string' ? body.system : body.system.map((block) => block.text).join('');
      return [system, ...body.messages.map((message) => message.content)].join('\n');
    },
  },
  {
    provider: 'gemini',
    requestIdHeader: 'x-request-id',
    defaultModel: 'gemini-3.5-flash-lite',
    baseURL: (server) => server.origin,
    path: (model, stream) => `/v1beta/models/${model}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`,
    requiredHeaders: { 'x-goog-api-key': API_KEY, 'content-type': 'application/json' },
    inStreamStatus: 503,
    providerMessage: (status, message) =>
      `${({ 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE' } as Record<number, string>)[status]}: ${message}`,
    promptOf: (request) => {
      const body = request.body as { systemInstruction: Parts; contents: Parts[] };
      return [body.systemInstruction, ...body.contents].flatMap((content) => content.parts.map((part) => part.text)).join('\n');
    },
  },
  {
    provider: 'ollama',
    requestIdHeader: 'x-request-id',
    defaultModel: 'llama3.2',
    baseURL: (server) => server.origin,
    path: () => '/api/chat',
    requiredHeaders: { 'content-type': 'application/json' },
    inStreamStatus: 500,
    providerMessage: (_status, message) => message,
    promptOf: (request) => (request.body as { messages: Message[] }).messages.map((message) => message.content).join('\n'),
  },
];

/** A generator for `providerCase` pointed at `server`, retrying fast. */
export function generatorFor(providerCase: ProviderCase, server: FakeLlmServer, options: GeneratorOptions = {}): PersonaGenerator {
  return new PersonaGenerator({
    provider: providerCase.provider,
    baseURL: providerCase.baseURL(server),
    apiKey: API_KEY,
    retryBaseDelayMs: 1,
    retryMaxDelayMs: 20,
    ...options,
  });
}

export interface Outcome {
  events: GenerationEvent[];
  result?: GenerationResult;
  error?: unknown;
}

/** Every event of a run, and how it ended; `onEvent` sees each one as it happens. */
export async function outcomeOf(events$: Observable<GenerationEvent>, onEvent?: (event: GenerationEvent) => void): Promise<Outcome> {
  const events: GenerationEvent[] = [];
  try {
    await lastValueFrom(
      events$.pipe(
        tap((event) => {
          events.push(event);
          onEvent?.(event);
        }),
      ),
      { defaultValue: undefined },
    );
  } catch (error) {
    return { events, error };
  }
  const last = events.at(-1);
  return { events, result: last?.type === 'result' ? last.result : undefined };
}
