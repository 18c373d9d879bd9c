import axios from 'axios';
import { useFakeServer } from '../support/fake-server';

const server = useFakeServer();
const PROMPT = 'Create exactly 1 distinct user personas\nResearch data:\nI want exports to be faster please.';

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  axios.post<string>(`${server.current.origin}${path}`, body, {
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: (data: string) => data,
    headers,
  });

const ANTHROPIC_HEADERS = { 'x-api-key': 'k-123456', 'anthropic-version': '2023-06-01' };

describe('the anthropic wire', () => {
  it('rejects a request without anthropic-version as the service does', async () => {
    const response = await post('/v1/messages', { model: 'm', messages: [] }, { 'x-api-key': 'k-123456' });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.data)).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' },
      request_id: 'req_fake',
    });
  });

  it('reads system and content given as blocks, and answers with the default model when none is named', async () => {
    server.current.enqueue({ usage: null });
    const response = await post(
      '/v1/messages',
      { system: [{ type: 'text', text: 'Be brief.' }], messages: [{ role: 'user', content: [{ type: 'text', text: PROMPT }, { type: 'image' }] }] },
      ANTHROPIC_HEADERS,
    );
    const message = JSON.parse(response.data);
    expect(message).toMatchObject({ type: 'message', model: 'claude-sonnet-4-6', stop_reason: 'end_turn' });
    expect(message).not.toHaveProperty('usage');
    expect(message.content[0].text).toContain('"personas"');
    expect(server.current.requests[0]).toMatchObject({ provider: 'anthropic', stream: false });
  });

  it('streams named events in the documented order, and an error event on request', async () => {
    server.current.enqueue({ text: 'abcd', chunkSize: 2, usage: { inputTokens: 3, outputTokens: 2 } }, { text: 'abcd', chunkSize: 1, fault: 'error-mid-stream', errorMessage: 'Overloaded' });
    const whole = (await post('/v1/messages', { model: 'm', stream: true, messages: [] }, ANTHROPIC_HEADERS)).data;
    expect([...whole.matchAll(/^event: (\w+)$/gm)].map((match) => match[1])).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    // Anthropic reports the cache's parts beside input_tokens, zero when it served and stored nothing.
    expect(whole).toContain('"usage":{"input_tokens":3,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}');
    expect(whole).toContain('"usage":{"output_tokens":2}');
    const failed = (await post('/v1/messages', { model: 'm', stream: true, messages: [] }, ANTHROPIC_HEADERS)).data;
    expect(failed.endsWith('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n')).toBe(true);
    expect(failed).not.toContain('message_stop');
  });

  it.each([
    [529, 'overloaded_error'],
    [429, 'rate_limit_error'],
    [408, 'api_error'],
  ])('answers %s with error type %s', async (status, type) => {
    server.current.enqueue({ status });
    const response = await post('/v1/messages', { model: 'm', messages: [] }, ANTHROPIC_HEADERS);
    expect(response.status).toBe(status);
    expect(JSON.parse(response.data).error.type).toBe(type);
  });
});

describe('the gemini wire', () => {
  const GEMINI_HEADERS = { 'x-goog-api-key': 'k-123456' };
  const body = { contents: [{ role: 'user', parts: [{ text: PROMPT }] }] };

  it('streams SSE events separated by CRLF pairs, usage in full on the last one', async () => {
    server.current.enqueue({ text: 'abcd', chunkSize: 2, usage: { inputTokens: 3, outputTokens: 2 } });
    const data = (await post('/v1beta/models/gemini-x:streamGenerateContent?alt=sse', body, GEMINI_HEADERS)).data;
    const events = data.split('\r\n\r\n').filter(Boolean).map((event) => JSON.parse(event.slice('data: '.length)));
    expect(events.map((event) => event.candidates[0].content.parts[0].text)).toEqual(['ab', 'cd', '']);
    expect(events.map((event) => event.usageMetadata)).toEqual([
      { promptTokenCount: 3 },
      { promptTokenCount: 3 },
      { promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5 },
    ]);
    expect(events.at(-1).candidates[0].finishReason).toBe('STOP');
    expect(server.current.requests[0]).toMatchObject({ provider: 'gemini', stream: true });
  });

  it('answers generateContent whole, naming the model from the path, and without usage on request', async () => {
    server.current.enqueue({ usage: null }, { usage: null, chunkSize: 1000 });
    const whole = JSON.parse((await post('/v1beta/models/gemini%2Dx:generateContent', body, GEMINI_HEADERS)).data);
    expect(whole.modelVersion).toBe('gemini-x');
    expect(whole).not.toHaveProperty('usageMetadata');
    const streamed = (await post('/v1beta/models/gemini-x:streamGenerateContent?alt=sse', {}, GEMINI_HEADERS)).data;
    expect(streamed).not.toContain('usageMetadata');
  });

  it.each([
    [429, 'RESOURCE_EXHAUSTED'],
    [503, 'UNAVAILABLE'],
    [529, 'UNKNOWN'],
  ])('answers %s with status %s', async (status, name) => {
    server.current.enqueue({ status, errorMessage: 'nope' });
    const response = await post('/v1beta/models/gemini-x:generateContent', body, GEMINI_HEADERS);
    expect(response.status).toBe(status);
    expect(JSON.parse(response.data)).toEqual({ error: { code: status, message: 'nope', status: name } });
  });
});

describe('the ollama wire', () => {
  it('streams NDJSON unless told not to, ending with a done line that holds the counts', async () => {
    server.current.enqueue({ text: 'abcd', chunkSize: 2, usage: { inputTokens: 3, outputTokens: 2 } });
    const response = await post('/api/chat', { model: 'llama3.2', messages: [{ role: 'user', content: PROMPT }] });
    expect(response.headers['content-type']).toBe('application/x-ndjson');
    const lines = response.data.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.message.content, line.done])).toEqual([
      ['ab', false],
      ['cd', false],
      ['', true],
    ]);
    expect(lines.at(-1)).toMatchObject({ done_reason: 'stop', prompt_eval_count: 3, eval_count: 2 });
  });

  it('answers stream: false with one object, and errors as {"error": ...}', async () => {
    server.current.enqueue({ usage: null }, { status: 404, errorMessage: 'model "x" not found, try pulling it first' });
    const whole = JSON.parse((await post('/api/chat', { stream: false, messages: [{ role: 'user', content: PROMPT }] })).data);
    expect(whole).toMatchObject({ model: 'llama3.2', done: true, message: { role: 'assistant' } });
    expect(whole).not.toHaveProperty('eval_count');
    const missing = await post('/api/chat', { model: 'x', stream: false, messages: [] });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.data)).toEqual({ error: 'model "x" not found, try pulling it first' });
  });
});

describe('every wire', () => {
  it.each([
    ['/v1/messages', {}, ANTHROPIC_HEADERS],
    ['/v1beta/models/gemini-x:generateContent', { contents: [{ parts: [{ inlineData: {} }] }] }, { 'x-goog-api-key': 'k-123456' }],
    ['/api/chat', { stream: false }, {}],
  ])('answers %s even when the body leaves fields out', async (path, body, headers) => {
    const response = await post(path, body, headers);
    expect(response.status).toBe(200);
    expect(response.data).toContain('personas');
  });
});
