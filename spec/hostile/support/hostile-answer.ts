import type { ProviderName } from '../../../lib';
import type { ScriptedResponse } from '../../../lib/testing';

/** What a hostile provider says: any text, any usage values, and why it stopped. */
export interface HostileAnswer {
  text: string;
  /** Sent as they are, whatever their type; `undefined` leaves the field out. */
  inputTokens?: unknown;
  outputTokens?: unknown;
  /** `token-limit`: the provider's own "cut at max tokens" reason. */
  finish?: 'stop' | 'token-limit';
  /** Characters of text per streamed frame. */
  chunkSize?: number;
}

type Wire = 'openai' | 'anthropic' | 'gemini' | 'ollama';

const sse = (data: unknown, event?: string): string => `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;
const ndjson = (data: unknown): string => `${JSON.stringify(data)}\n`;

function pieces(text: string, size: number): string[] {
  const parts: string[] = [];
  for (let index = 0; index < text.length; index += size) parts.push(text.slice(index, index + size));
  return parts;
}

const FINISH: Record<Wire, Record<'stop' | 'token-limit', string>> = {
  openai: { stop: 'stop', 'token-limit': 'length' },
  anthropic: { stop: 'end_turn', 'token-limit': 'max_tokens' },
  gemini: { stop: 'STOP', 'token-limit': 'MAX_TOKENS' },
  ollama: { stop: 'stop', 'token-limit': 'length' },
};

function wireOf(provider: ProviderName): Wire {
  return provider === 'openai-compatible' || provider === 'simulated' ? 'openai' : provider;
}

/**
 * The raw body (whole) or frames (stream) of `answer` in `provider`'s own wire format, for the
 * simulated server to send as they are: usage values of any type, any finish reason.
 */
export function hostileResponse(provider: ProviderName, answer: HostileAnswer, stream: boolean): ScriptedResponse {
  const wire = wireOf(provider);
  const reason = FINISH[wire][answer.finish ?? 'stop'];
  const { inputTokens: input, outputTokens: output } = answer;
  if (!stream) return { rawBody: JSON.stringify(whole(wire, answer.text, reason, input, output)) };
  return { rawFrames: frames(wire, pieces(answer.text, answer.chunkSize ?? 64), reason, input, output) };
}

function whole(wire: Wire, text: string, reason: string, input: unknown, output: unknown): unknown {
  switch (wire) {
    case 'openai':
      return { choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: reason }], usage: { prompt_tokens: input, completion_tokens: output } };
    case 'anthropic':
      return { type: 'message', content: [{ type: 'text', text }], stop_reason: reason, usage: { input_tokens: input, output_tokens: output } };
    case 'gemini':
      return { candidates: [{ content: { parts: [{ text }] }, finishReason: reason }], usageMetadata: { promptTokenCount: input, candidatesTokenCount: output } };
    case 'ollama':
      return { message: { role: 'assistant', content: text }, done: true, done_reason: reason, prompt_eval_count: input, eval_count: output };
  }
}

function frames(wire: Wire, parts: string[], reason: string, input: unknown, output: unknown): string[] {
  switch (wire) {
    case 'openai':
      return [
        ...parts.map((content) => sse({ choices: [{ index: 0, delta: { content }, finish_reason: null }] })),
        sse({ choices: [{ index: 0, delta: {}, finish_reason: reason }] }),
        sse({ choices: [], usage: { prompt_tokens: input, completion_tokens: output } }),
        'data: [DONE]\n\n',
      ];
    case 'anthropic':
      return [
        sse({ type: 'message_start', message: { usage: { input_tokens: input, output_tokens: 1 } } }, 'message_start'),
        ...parts.map((text) => sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }, 'content_block_delta')),
        sse({ type: 'message_delta', delta: { stop_reason: reason }, usage: { output_tokens: output } }, 'message_delta'),
        sse({ type: 'message_stop' }, 'message_stop'),
      ];
    case 'gemini':
      return [
        ...parts.map((text) => sse({ candidates: [{ content: { parts: [{ text }] } }] })),
        sse({ candidates: [{ content: { parts: [{ text: '' }] }, finishReason: reason }], usageMetadata: { promptTokenCount: input, candidatesTokenCount: output } }),
      ];
    case 'ollama':
      return [
        ...parts.map((content) => ndjson({ message: { role: 'assistant', content }, done: false })),
        ndjson({ message: { role: 'assistant', content: '' }, done: true, done_reason: reason, prompt_eval_count: input, eval_count: output }),
      ];
  }
}

/** A valid answer of `count` personas, in `<output>` tags. */
export function personasAnswer(count: number, persona: (index: number) => Record<string, unknown> = (index) => ({ name: `Persona ${index + 1}` })): string {
  return `<output>${JSON.stringify({ personas: Array.from({ length: count }, (_, index) => persona(index)) })}</output>`;
}
