import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { lastValueFrom, toArray } from 'rxjs';
import { PersonaGenerator, type GeneratorOptions, type PersonaConfig } from '../../lib';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';
import { idOf, parentOf, recordedText, recordSpans, type RecordedSpans } from './support';

const CONFIG: PersonaConfig = { count: 2, data: RESEARCH_NOTES };
const MODEL = 'gpt-4o-mini';
const server = useFakeServer();
let recorded: RecordedSpans;

beforeEach(() => {
  recorded = recordSpans();
});

const generatorWith = (options: GeneratorOptions = {}): PersonaGenerator =>
  new PersonaGenerator({
    provider: 'openai',
    model: MODEL,
    apiKey: 'sk-telemetry-secret-0123456789',
    baseURL: server.current.url,
    retryBaseDelayMs: 1,
    tracerProvider: recorded.provider,
    ...options,
  });

const run = (generator: PersonaGenerator, config: PersonaConfig = CONFIG) => lastValueFrom(generator.generate$(config).pipe(toArray()));

/** The run span and its chat spans, checked to form one tree. */
function runTree(): { run: ReturnType<RecordedSpans['spans']>[number]; chats: ReturnType<RecordedSpans['spans']> } {
  const [runSpan, ...others] = recorded.named('persona.generate');
  expect(others).toEqual([]);
  const chats = recorded.spans().filter((span) => span.name === `chat ${MODEL}`);
  expect(recorded.spans()).toHaveLength(chats.length + 1);
  for (const chat of chats) {
    expect(parentOf(chat)).toBe(idOf(runSpan));
    expect(chat.spanContext().traceId).toBe(runSpan.spanContext().traceId);
  }
  return { run: runSpan, chats };
}

describe('run spans', () => {
  it('a whole-mode run: one persona.generate span with one chat span under it, as the GenAI conventions name them', async () => {
    server.current.enqueue({ usage: { inputTokens: 321, outputTokens: 123 } });
    const events = await run(generatorWith({ stream: false }), { ...CONFIG, maxTokens: 3000, temperature: 0.25 });
    const result = events.find((event) => event.type === 'result')!.result;
    const { run: runSpan, chats } = runTree();
    expect(parentOf(runSpan)).toBeUndefined();
    expect(runSpan.attributes).toEqual({
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': MODEL,
      'persona.count': 2,
      'persona.run_id': result.runId,
      'persona.personas': 2,
      'persona.attempts': 1,
      'persona.quotes.verified': result.quality.quotesVerified,
      'persona.quotes.total': result.quality.quotesTotal,
    });
    expect(result.quality.quotesTotal).toBeGreaterThan(0);
    expect(runSpan.status.code).toBe(SpanStatusCode.UNSET);
    expect(chats).toHaveLength(1);
    expect(chats[0].kind).toBe(2); // SpanKind.CLIENT
    expect(chats[0].attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': MODEL,
      'gen_ai.request.max_tokens': 3000,
      'gen_ai.request.temperature': 0.25,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 321,
      'gen_ai.usage.output_tokens': 123,
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(server.current.url).port),
      'persona.attempt': 1,
    });
    // The chat span lies inside the run span.
    expect(chats[0].startTime[0] * 1e9 + chats[0].startTime[1]).toBeGreaterThanOrEqual(runSpan.startTime[0] * 1e9 + runSpan.startTime[1]);
  });

  it('a streamed run: the same tree, with the usage the stream reported', async () => {
    server.current.enqueue({ usage: { inputTokens: 50, outputTokens: 60 }, chunkSize: 8 });
    const events = await run(generatorWith({ stream: true }));
    expect(events.filter((event) => event.type === 'token').length).toBeGreaterThan(1);
    const { chats } = runTree();
    expect(chats).toHaveLength(1);
    expect(chats[0].attributes).toMatchObject({ 'gen_ai.usage.input_tokens': 50, 'gen_ai.usage.output_tokens': 60, 'gen_ai.response.finish_reasons': ['stop'] });
    expect(chats[0].status.code).toBe(SpanStatusCode.UNSET);
  });

  it('a retried run: one chat span per attempt, the failed one ERROR with error.type; the 429 records its wait', async () => {
    server.current.enqueue({ status: 500, errorMessage: 'upstream' }, { status: 429, headers: { 'retry-after': '0' }, errorMessage: 'slow down' }, {});
    await run(generatorWith({ stream: false, maxRetries: 3 }));
    const { run: runSpan, chats } = runTree();
    expect(chats.map((chat) => [chat.attributes['persona.attempt'], chat.status.code, chat.attributes['error.type']])).toEqual([
      [1, SpanStatusCode.ERROR, '500'],
      [2, SpanStatusCode.ERROR, '429'],
      [3, SpanStatusCode.UNSET, undefined],
    ]);
    expect(chats[1].events.map((event) => [event.name, event.attributes])).toEqual([['persona.rate_limited', { 'persona.retry_after_ms': 0 }]]);
    expect(runSpan.events.map((event) => event.name)).toEqual(['persona.retry', 'persona.retry']);
    expect(runSpan.events.map((event) => [event.attributes?.['persona.retry.attempt'], event.attributes?.['error.type']])).toEqual([
      [2, '500'],
      [3, '429'],
    ]);
    expect(runSpan.events[1].attributes?.['persona.retry.delay_ms']).toBe(0);
    expect(runSpan.attributes['persona.attempts']).toBe(3);
  });

  it('a failed run: the run span and its attempt end as ERROR with error.type, and no content is in the message', async () => {
    server.current.enqueue({ status: 401, errorMessage: 'bad key sk-telemetry-secret-0123456789' });
    await expect(run(generatorWith({ stream: false, maxRetries: 0 }))).rejects.toMatchObject({ name: 'AuthenticationError' });
    const { run: runSpan, chats } = runTree();
    expect(chats).toHaveLength(1);
    for (const span of [runSpan, ...chats]) {
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.attributes['error.type']).toBe('401');
    }
    expect(recordedText(recorded.spans())).not.toContain('sk-telemetry-secret-0123456789');
  });

  it('a run whose answer is cut at the token limit fails its span with the error class', async () => {
    server.current.enqueue({ rawFrames: [`data: ${JSON.stringify({ choices: [{ delta: { content: '{"personas": [' }, finish_reason: 'length' }] })}\n\n`] });
    await expect(run(generatorWith({ stream: true, maxRetries: 0 }))).rejects.toMatchObject({ name: 'ParseError' });
    const { chats } = runTree();
    expect(chats.map((chat) => [chat.status.code, chat.attributes['error.type']])).toEqual([[SpanStatusCode.ERROR, 'ParseError']]);
  });

  it('a cancelled run: every span ends, marked cancelled, and the server sees the connection close', async () => {
    server.current.enqueue({ fault: 'hang' });
    const subscription = generatorWith().generate$(CONFIG).subscribe();
    await server.current.waitForRequests(1);
    expect(recorded.spans()).toEqual([]);
    subscription.unsubscribe();
    await server.current.waitForClientClose(1);
    const { run: runSpan, chats } = runTree();
    expect(chats).toHaveLength(1);
    for (const span of [runSpan, ...chats]) {
      expect(span.ended).toBe(true);
      expect(span.attributes['persona.cancelled']).toBe(true);
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
    }
  });

  it('a run cancelled while it waits for its retry ends its run span; the failed attempt had ended already', async () => {
    server.current.enqueue({ status: 503 });
    const subscription = generatorWith({ retryBaseDelayMs: 60_000, retryMaxDelayMs: 60_000 }).generate$(CONFIG).subscribe();
    await server.current.waitForRequests(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    subscription.unsubscribe();
    const { run: runSpan, chats } = runTree();
    expect(chats.map((chat) => chat.attributes['error.type'])).toEqual(['503']);
    expect(runSpan.attributes['persona.cancelled']).toBe(true);
  });

  it('a batch of runs: one run span each, each with its own chat span', async () => {
    const generator = generatorWith({ stream: false });
    const events = await lastValueFrom(generator.generateAll$([CONFIG, CONFIG, CONFIG], { concurrency: 2 }).pipe(toArray()));
    expect(events.filter(({ event }) => event.type === 'result')).toHaveLength(3);
    const runs = recorded.named('persona.generate');
    expect(runs).toHaveLength(3);
    const chats = recorded.named(`chat ${MODEL}`);
    expect(chats).toHaveLength(3);
    expect(new Set(chats.map(parentOf))).toEqual(new Set(runs.map(idOf)));
    expect(new Set(runs.map((span) => span.spanContext().traceId)).size).toBe(3);
  });

  it('telemetry: false records nothing, even with a tracer provider', async () => {
    await run(generatorWith({ stream: false, telemetry: false }));
    expect(recorded.spans()).toEqual([]);
  });
});

describe('run spans under a caller’s span', () => {
  const contextManager = new AsyncLocalStorageContextManager();
  beforeAll(() => context.setGlobalContextManager(contextManager.enable()));
  afterAll(() => {
    context.disable();
    trace.disable();
  });

  it('the run span is a child of the span active when the run is subscribed', async () => {
    const tracer = recorded.provider.getTracer('caller');
    const generator = generatorWith({ stream: false });
    const callerId = await tracer.startActiveSpan('caller request', async (caller) => {
      await run(generator);
      caller.end();
      return caller.spanContext().spanId;
    });
    const [runSpan] = recorded.named('persona.generate');
    expect(parentOf(runSpan)).toBe(callerId);
    expect(runSpan.spanContext().traceId).toBe(recorded.named('caller request')[0].spanContext().traceId);
  });

  it('the global tracer provider is the default, and one registered after the generator was made still gets its spans', async () => {
    const generator = new PersonaGenerator({ provider: 'openai', model: MODEL, baseURL: server.current.url, stream: false });
    trace.setGlobalTracerProvider(recorded.provider);
    await run(generator);
    expect(recorded.named('persona.generate')).toHaveLength(1);
    expect(recorded.named(`chat ${MODEL}`)).toHaveLength(1);
  });
});
