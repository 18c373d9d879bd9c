import { anthropicAdapter } from '../../lib/providers/anthropic';
import { geminiAdapter } from '../../lib/providers/gemini';
import { ollamaAdapter } from '../../lib/providers/ollama';
import type { ChatRequest, Connection, ProviderAdapter } from '../../lib/providers/provider';

const chat = (overrides: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'm-1',
  system: 'You write personas.',
  prompt: 'Research data: …',
  temperature: 0.4,
  maxTokens: 900,
  stream: false,
  ...overrides,
});

const connection = (overrides: Partial<Connection> = {}): Connection => ({
  baseURL: 'https://api.example.com',
  apiKey: 'key-123456',
  headers: {},
  ...overrides,
});

const frame = (adapter: ProviderAdapter, data: unknown) => adapter.parseFrame({ data: JSON.stringify(data) });

describe('anthropic adapter', () => {
  it('puts the system prompt at the top level and asks for a stream when streaming', () => {
    const request = anthropicAdapter.toRequest(chat({ stream: true, temperature: 1.6 }), connection({ headers: { 'anthropic-beta': 'x' } }));
    expect(request.url).toBe('https://api.example.com/v1/messages');
    expect(request.headers).toEqual({
      'anthropic-version': '2023-06-01',
      'content-type': 'application/json',
      'x-api-key': 'key-123456',
      'anthropic-beta': 'x',
    });
    // Anthropic's temperature range ends at 1.
    expect(request.body).toEqual({
      model: 'm-1',
      system: 'You write personas.',
      messages: [{ role: 'user', content: 'Research data: …' }],
      max_tokens: 900,
      temperature: 1,
      stream: true,
    });
    expect(anthropicAdapter.toRequest(chat(), connection({ apiKey: undefined })).headers).not.toHaveProperty('x-api-key');
    expect(anthropicAdapter.toRequest(chat(), connection()).body).not.toHaveProperty('stream');
  });

  it('reads text blocks and usage from a whole message, skipping other blocks', () => {
    expect(
      anthropicAdapter.parseWhole({
        content: [{ type: 'thinking', thinking: 'hm' }, { type: 'text', text: 'Hello' }, { type: 'text', text: '' }],
        usage: { input_tokens: 5, output_tokens: 2 },
      }),
    ).toEqual([
      { type: 'text', delta: 'Hello' },
      { type: 'usage', usage: { inputTokens: 5, outputTokens: 2 } },
    ]);
    expect(anthropicAdapter.parseWhole({})).toEqual([]);
  });

  it('reads named stream events: input usage at the start, output usage at the end, only text deltas', () => {
    expect(frame(anthropicAdapter, { type: 'message_start', message: { usage: { input_tokens: 25, output_tokens: 1 } } })).toEqual([
      { type: 'usage', usage: { inputTokens: 25 } },
    ]);
    expect(frame(anthropicAdapter, { type: 'message_start', message: {} })).toEqual([]);
    expect(frame(anthropicAdapter, { type: 'content_block_delta', delta: { type: 'text_delta', text: 'Hi' } })).toEqual([{ type: 'text', delta: 'Hi' }]);
    expect(frame(anthropicAdapter, { type: 'content_block_delta', delta: { type: 'thinking_delta', thinking: 'hm' } })).toEqual([]);
    expect(frame(anthropicAdapter, { type: 'message_delta', usage: { output_tokens: 15 } })).toEqual([
      { type: 'usage', usage: { inputTokens: undefined, outputTokens: 15 } },
    ]);
    for (const type of ['ping', 'content_block_start', 'content_block_stop', 'something_new']) {
      expect(frame(anthropicAdapter, { type })).toEqual([]);
    }
    expect(frame(anthropicAdapter, { type: 'message_stop' })).toEqual([{ type: 'end' }]);
  });

  it.each([
    [{ type: 'overloaded_error', message: 'Overloaded' }, 529, 'overloaded_error: Overloaded'],
    [{ type: 'rate_limit_error', message: 'Slow down' }, 429, 'rate_limit_error: Slow down'],
    [{ type: 'invalid_request_error', message: 'Bad' }, 400, 'invalid_request_error: Bad'],
    [{ type: 'a_new_error', message: 'Odd' }, 500, 'a_new_error: Odd'],
    [undefined, 500, 'unknown error'],
  ])('maps the in-stream error %j to status %s', (error, status, message) => {
    expect(frame(anthropicAdapter, { type: 'error', error })).toEqual([{ type: 'error', status, message }]);
  });

  it('reads its own message out of an error body', () => {
    expect(anthropicAdapter.errorMessage({ type: 'error', error: { type: 'not_found_error', message: 'model: x' } })).toBe('not_found_error: model: x');
    expect(anthropicAdapter.errorMessage({ message: 'not anthropic' })).toBeUndefined();
    expect(anthropicAdapter.errorMessage(undefined)).toBeUndefined();
  });
});

describe('gemini adapter', () => {
  it('names the model in the path, streams over SSE and sends the key in a header', () => {
    const streamed = geminiAdapter.toRequest(chat({ stream: true, model: 'models/gemini-2.5-pro' }), connection());
    expect(streamed.url).toBe('https://api.example.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse');
    expect(streamed.headers).toEqual({ 'content-type': 'application/json', 'x-goog-api-key': 'key-123456' });
    expect(streamed.body).toEqual({
      systemInstruction: { parts: [{ text: 'You write personas.' }] },
      contents: [{ role: 'user', parts: [{ text: 'Research data: …' }] }],
      generationConfig: { temperature: 0.4, maxOutputTokens: 900 },
    });
    expect(geminiAdapter.toRequest(chat(), connection()).url).toBe('https://api.example.com/v1beta/models/m-1:generateContent');
  });

  it('reads the first candidate, skipping thought summaries, and counts thinking as output', () => {
    const response = {
      candidates: [
        { content: { parts: [{ text: 'plan…', thought: true }, { text: 'Hello' }, { text: ' world' }] } },
        { content: { parts: [{ text: 'another candidate' }] } },
      ],
      usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 4, thoughtsTokenCount: 30 },
    };
    expect(geminiAdapter.parseWhole(response)).toEqual([
      { type: 'text', delta: 'Hello' },
      { type: 'text', delta: ' world' },
      { type: 'usage', usage: { inputTokens: 10, outputTokens: 34 } },
    ]);
    expect(frame(geminiAdapter, { usageMetadata: { promptTokenCount: 10 } })).toEqual([{ type: 'usage', usage: { inputTokens: 10, outputTokens: undefined } }]);
    expect(geminiAdapter.parseWhole({ candidates: [] })).toEqual([]);
  });

  it('ends the answer at the candidate that carries a finish reason', () => {
    expect(frame(geminiAdapter, { candidates: [{ content: { parts: [{ text: '!' }] }, finishReason: 'STOP' }] })).toEqual([
      { type: 'text', delta: '!' },
      { type: 'end' },
    ]);
  });

  it.each([
    [{ code: 429, message: 'Quota', status: 'RESOURCE_EXHAUSTED' }, 429, 'RESOURCE_EXHAUSTED: Quota'],
    [{ message: 'Try later', status: 'UNAVAILABLE' }, 503, 'UNAVAILABLE: Try later'],
    [{ message: 'Odd', status: 'SOMETHING_NEW' }, 500, 'SOMETHING_NEW: Odd'],
    [{}, 500, 'unknown error'],
  ])('maps the error %j to status %s', (error, status, message) => {
    expect(frame(geminiAdapter, { error })).toEqual([{ type: 'error', status, message }]);
  });

  it('fails a blocked prompt without retrying it', () => {
    expect(geminiAdapter.parseWhole({ promptFeedback: { blockReason: 'SAFETY' } })).toEqual([
      { type: 'error', status: 400, message: 'The prompt was blocked: SAFETY' },
    ]);
  });

  it('reads its own message out of an error body, also from a one-element array', () => {
    const body = { error: { code: 400, message: 'API key not valid.', status: 'INVALID_ARGUMENT' } };
    expect(geminiAdapter.errorMessage(body)).toBe('INVALID_ARGUMENT: API key not valid.');
    expect(geminiAdapter.errorMessage([body])).toBe('INVALID_ARGUMENT: API key not valid.');
    expect(geminiAdapter.errorMessage([])).toBeUndefined();
    expect(geminiAdapter.errorMessage({ candidates: [] })).toBeUndefined();
  });
});

describe('ollama adapter', () => {
  it('asks for a stream, or explicitly for none, with options in Ollama terms', () => {
    const request = ollamaAdapter.toRequest(chat(), connection({ apiKey: undefined }));
    expect(request.url).toBe('https://api.example.com/api/chat');
    expect(request.headers).toEqual({ 'content-type': 'application/json' });
    expect(request.body).toEqual({
      model: 'm-1',
      messages: [
        { role: 'system', content: 'You write personas.' },
        { role: 'user', content: 'Research data: …' },
      ],
      stream: false,
      options: { temperature: 0.4, num_predict: 900 },
    });
    expect(ollamaAdapter.toRequest(chat({ stream: true }), connection()).body).toMatchObject({ stream: true });
  });

  it('reads pieces, then the counts on the closing line', () => {
    expect(frame(ollamaAdapter, { message: { role: 'assistant', content: 'Hi' }, done: false })).toEqual([{ type: 'text', delta: 'Hi' }]);
    expect(frame(ollamaAdapter, { message: { role: 'assistant', content: '' }, done: true, prompt_eval_count: 26, eval_count: 259 })).toEqual([
      { type: 'usage', usage: { inputTokens: 26, outputTokens: 259 } },
      { type: 'end' },
    ]);
    // A cached prompt leaves prompt_eval_count out.
    expect(ollamaAdapter.parseWhole({ message: { content: 'All' }, done: true, eval_count: 3 })).toEqual([
      { type: 'text', delta: 'All' },
      { type: 'usage', usage: { inputTokens: undefined, outputTokens: 3 } },
      { type: 'end' },
    ]);
  });

  it('turns an error line into a retryable error, and reads error bodies', () => {
    expect(frame(ollamaAdapter, { error: 'runner crashed' })).toEqual([{ type: 'error', status: 500, message: 'runner crashed' }]);
    expect(ollamaAdapter.errorMessage({ error: 'model "x" not found, try pulling it first' })).toBe('model "x" not found, try pulling it first');
    expect(ollamaAdapter.errorMessage({ error: { message: 'not ollama' } })).toBeUndefined();
    expect(ollamaAdapter.errorMessage(undefined)).toBeUndefined();
  });
});
