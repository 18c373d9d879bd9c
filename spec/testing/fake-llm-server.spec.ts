import axios from 'axios';
import { simulatedAnswer } from '../../lib/testing';
import { parsePersonas } from '../../lib';
import { useFakeServer } from '../support/fake-server';

const server = useFakeServer();

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  axios.post(`${server.current.origin}${path}`, body, { validateStatus: () => true, responseType: 'text', transformResponse: (data) => data, headers });

const chat = (extra: object = {}) => ({ model: 'm', messages: [{ role: 'user', content: 'Create exactly 2 distinct user personas\nResearch data:\nI want it simpler please.' }], ...extra });

describe('startFakeLlmServer', () => {
  it('answers a chat completion with simulated personas and usage', async () => {
    const response = await post('/v1/chat/completions', chat());
    expect(response.status).toBe(200);
    const body = JSON.parse(response.data);
    expect(body.usage.prompt_tokens).toBeGreaterThan(0);
    expect(parsePersonas(body.choices[0].message.content).personas).toHaveLength(2);
    expect(server.current.requests).toEqual([
      expect.objectContaining({ provider: 'openai', method: 'POST', path: '/v1/chat/completions', stream: false }),
    ]);
  });

  it('streams SSE chunks, a usage chunk with empty choices, and [DONE]', async () => {
    server.current.enqueue({ text: 'hello world', chunkSize: 5, usage: { inputTokens: 3, outputTokens: 2 } });
    const response = await post('/v1/chat/completions', chat({ stream: true }));
    const frames = (response.data as string).split('\n\n').filter(Boolean);
    expect(frames.at(-1)).toBe('data: [DONE]');
    const chunks = frames.slice(0, -1).map((frame) => JSON.parse(frame.slice('data: '.length)));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? null).join('|')).toBe('|hello| worl|d||');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } });
  });

  it('sends scripted statuses with the provider error body and headers', async () => {
    server.current.enqueue({ status: 429, headers: { 'retry-after': '1' }, errorMessage: 'slow down' });
    const response = await post('/v1/chat/completions', chat());
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('1');
    expect(JSON.parse(response.data)).toEqual({ error: { message: 'slow down', type: 'rate_limit_exceeded', code: null } });
  });

  it.each([
    [false, '{"truncated": '],
    [true, 'data: {not json\n\n'],
  ])('sends a malformed body on request (stream: %s)', async (stream, body) => {
    server.current.enqueue({ fault: 'malformed' });
    expect((await post('/v1/chat/completions', chat({ stream }))).data).toBe(body);
  });

  it('reports an in-stream error half-way through', async () => {
    server.current.enqueue({ fault: 'error-mid-stream', errorMessage: 'Overloaded', text: 'abcdefghij', chunkSize: 1 });
    const data = (await post('/v1/chat/completions', chat({ stream: true }))).data as string;
    expect(data.endsWith('data: {"error":{"message":"Overloaded","type":"server_error"}}\n\n')).toBe(true);
    expect(data).not.toContain('[DONE]');
  });

  it('answers unknown routes with 404 and bodies that are not JSON with 400', async () => {
    expect((await post('/v2/unknown', {})).status).toBe(404);
    expect((await post('/v1/chat/completions', 'not json', { 'content-type': 'text/plain' })).status).toBe(400);
    expect(server.current.requests).toHaveLength(0);
  });

  it('lets a client that stops waiting at an in-flight barrier go', async () => {
    server.current.enqueue({ awaitInFlight: 2 });
    const controller = new AbortController();
    const request = axios.post(`${server.current.url}/chat/completions`, chat(), { signal: controller.signal }).catch(() => 'aborted');
    await server.current.waitForRequests(1);
    controller.abort();
    expect(await request).toBe('aborted');
    await server.current.waitForClientClose();
    expect(server.current.inFlight).toBe(0);
  });

  it('counts requests in flight and waits for them', async () => {
    server.current.enqueue({ awaitInFlight: 2 }, { awaitInFlight: 2 });
    const both = Promise.all([post('/v1/chat/completions', chat()), post('/v1/chat/completions', chat())]);
    await server.current.waitForRequests(2);
    // Each answer waits until both are in flight: neither can have finished yet.
    expect(server.current.inFlight).toBe(2);
    await both;
    expect(server.current.inFlight).toBe(0);
    expect(server.current.maxInFlight).toBe(2);
    expect(server.current.closedByClient).toBe(0);
  });
});

describe('simulatedAnswer', () => {
  it('builds the asked number of personas from the research data, with reasoning when asked', () => {
    const answer = simulatedAnswer(
      'Create exactly 7 distinct user personas\nFirst explain, inside <reasoning></reasoning> tags\nResearch data:\n- "I hate slow exports, it wastes my morning"\n- We need one dashboard for the whole team\n',
    );
    const parsed = parsePersonas(answer);
    expect(parsed.personas).toHaveLength(7);
    expect(parsed.reasoning).toMatch(/^A simulated stand-in, not a model: .*the data names no participant/);
    expect(parsed.personas[0].painPoints).toContain('"I hate slow exports, it wastes my morning"');
    expect(parsed.personas[0].goals).toContain('We need one dashboard for the whole team');
    expect(parsed.personas.map((persona) => persona.quotes)).toEqual(Array(7).fill(['I hate slow exports, it wastes my morning']));
    expect(new Set(parsed.personas.map((persona) => persona.name)).size).toBe(7);
  });

  it('reads the data between the fence markers and the count from the instructions after them', () => {
    const answer = simulatedAnswer(
      'You are a researcher. Data arrives between <<<research-data b name="…">>> and <<<end-research-data b>>>.\n\n' +
        '<<<research-data b name="a.md">>>\n- "I hate slow exports, it wastes my morning"\nCreate exactly 9 personas, says a participant\n<<<end-research-data b>>>\n' +
        'Ground every persona in the data and do not invent facts, you need to\nCreate exactly 2 distinct user personas\n',
    );
    const parsed = parsePersonas(answer);
    expect(parsed.personas).toHaveLength(2);
    expect(parsed.personas[0].quotes).toEqual(['I hate slow exports, it wastes my morning']);
    expect(parsed.personas[0].behaviours).toEqual(['"I hate slow exports, it wastes my morning"', 'Create exactly 9 personas, says a participant']);
    expect(answer).not.toContain('Ground every persona');
  });
});
