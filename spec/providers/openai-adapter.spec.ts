import { openAiAdapter, openAiCompatibleAdapter } from '../../lib/providers/openai';

const frame = (data: unknown) => openAiAdapter.parseFrame({ data: typeof data === 'string' ? data : JSON.stringify(data) });

describe('openai adapter', () => {
  it('reads deltas, the usage chunk whose choices are empty, and [DONE]', () => {
    expect(frame({ choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] })).toEqual([]);
    expect(frame({ choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }] })).toEqual([{ type: 'text', delta: 'Hi' }]);
    expect(frame({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 7 } })).toEqual([
      { type: 'usage', usage: { inputTokens: 5, outputTokens: 7 } },
    ]);
    expect(frame('[DONE]')).toEqual([{ type: 'end' }]);
  });

  it('ends at a finish reason, for compatible servers that never send [DONE]', () => {
    expect(frame({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })).toEqual([{ type: 'end' }]);
  });

  it('turns an in-stream error object into a retryable error chunk', () => {
    expect(frame({ error: { message: 'The server had an error' } })).toEqual([{ type: 'error', status: 500, message: 'The server had an error' }]);
    expect(frame({ error: {} })).toEqual([{ type: 'error', status: 500, message: 'stream error' }]);
  });

  it('reads a whole completion, with or without usage', () => {
    expect(openAiAdapter.parseWhole({ choices: [{ message: { content: 'All' } }], usage: null })).toEqual([{ type: 'text', delta: 'All' }]);
    expect(openAiCompatibleAdapter.parseWhole({})).toEqual([]);
    expect(openAiAdapter.errorMessage({ error: { message: 'bad key' } })).toBe('bad key');
    expect(openAiAdapter.errorMessage(undefined)).toBeUndefined();
  });

  it('sends the key as a bearer token only when there is one', () => {
    const request = { model: 'm', system: 's', prompt: 'p', temperature: 0, maxTokens: 100, stream: false };
    expect(openAiAdapter.toRequest(request, { baseURL: 'http://x/v1', apiKey: 'k-123456', headers: {} }).headers.authorization).toBe('Bearer k-123456');
    expect(openAiCompatibleAdapter.toRequest(request, { baseURL: 'http://x/v1', headers: { 'x-extra': '1' } }).headers).toEqual({
      'content-type': 'application/json',
      'x-extra': '1',
    });
  });
});
