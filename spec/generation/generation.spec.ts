import { lastValueFrom, Subject, takeUntil, toArray, type Observable, type Subscription } from 'rxjs';
import {
  CancellationError,
  CancellationToken,
  ConfigurationError,
  PersonaGenerator,
  TimeoutError,
  type GenerationEvent,
} from '../../lib';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';

const server = useFakeServer();

function generator(options: ConstructorParameters<typeof PersonaGenerator>[0] = {}): PersonaGenerator {
  return new PersonaGenerator({ provider: 'openai', baseURL: server.current.url, apiKey: 'sk-test-key-abcdef', ...options });
}

const failureOf = (events$: Observable<GenerationEvent>): Promise<unknown> => start(events$).outcome;

const collect = (events$: ReturnType<PersonaGenerator['generate$']>): Promise<GenerationEvent[]> =>
  lastValueFrom(events$.pipe(toArray()));

describe('generate$ event order', () => {
  it.each([true, false])('emits progress 1..5, personas, then one result last (stream: %s)', async (stream) => {
    const events = await collect(generator({ stream }).generate$({ count: 3, data: RESEARCH_NOTES }));

    const progress = events.filter((event) => event.type === 'progress');
    expect(progress.map((event) => [event.step, event.total, event.stage])).toEqual([
      [1, 5, 'prepare'],
      [2, 5, 'render'],
      [3, 5, 'request'],
      [4, 5, 'receive'],
      [5, 5, 'parse'],
    ]);
    const personas = events.filter((event) => event.type === 'persona');
    expect(personas.map((event) => event.index)).toEqual([0, 1, 2]);
    expect(events.filter((event) => event.type === 'result')).toHaveLength(1);
    const last = events[events.length - 1];
    if (last.type !== 'result') throw new Error('last event is not the result');
    expect(last.result.personas).toEqual(personas.map((event) => event.persona));
    expect(last.result.attempts).toBe(1);
    expect(last.result.provider).toBe('openai');
    expect(last.result.model).toBe('gpt-4o-mini');
    expect(last.result.sourceFiles).toEqual(['data']);
    expect(events.some((event) => event.type === 'token')).toBe(stream);
  });

  it('reports the usage the server sent', async () => {
    server.current.enqueue({ usage: { inputTokens: 321, outputTokens: 123 } });
    const result = (await collect(generator().generate$({ count: 1, data: RESEARCH_NOTES }))).at(-1);
    expect(result).toMatchObject({ type: 'result', result: { usage: { inputTokens: 321, outputTokens: 123, totalTokens: 444 } } });
  });

  it('estimates usage, and says so, when a compatible server sends none', async () => {
    server.current.enqueue({ usage: null });
    const result = (await collect(generator({ provider: 'openai-compatible' }).generate$({ count: 1, data: RESEARCH_NOTES }))).at(-1);
    if (result?.type !== 'result') throw new Error('no result');
    expect(result.result.usage.estimated).toBe(true);
    expect(result.result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.result.provider).toBe('openai-compatible');
  });

  it('concatenates the token deltas into exactly the text the server sent', async () => {
    const text = '<output>{"personas":[{"name":"Ana","goals":["ship ✓ faster"]}]}</output>';
    server.current.enqueue({ text, chunkSize: 3 });
    const events = await collect(generator().generate$({ count: 1, data: RESEARCH_NOTES }));
    const streamed = events.flatMap((event) => (event.type === 'token' ? [event.delta] : [])).join('');
    expect(streamed).toBe(text);
  });

  it('sends the request the OpenAI API expects', async () => {
    await collect(generator({ model: 'gpt-4.1-mini' }).generate$({ count: 2, temperature: 0.2, maxTokens: 900, data: RESEARCH_NOTES }));
    const [request] = server.current.requests;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe('Bearer sk-test-key-abcdef');
    expect(request.body).toMatchObject({
      model: 'gpt-4.1-mini',
      temperature: 0.2,
      max_tokens: 900,
      stream: true,
      stream_options: { include_usage: true },
    });
    const messages = (request.body as { messages: { role: string; content: string }[] }).messages;
    expect(messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(messages[1].content).toContain('Create exactly 2 distinct user personas');
    expect(messages[0].content).toContain('I lose two hours every Monday');
    expect(messages[1].content).not.toContain('I lose two hours every Monday');
  });
});

describe('generate$ is cold', () => {
  it('makes no request before subscribe, and one request per subscription', async () => {
    const events$ = generator().generate$({ count: 1, data: RESEARCH_NOTES });
    await new Promise((resolve) => setImmediate(resolve));
    expect(server.current.requests).toHaveLength(0);

    const [first, second] = await Promise.all([collect(events$), collect(events$)]);
    expect(server.current.requests).toHaveLength(2);
    const runIds = [first.at(-1), second.at(-1)].map((event) => (event?.type === 'result' ? event.result.runId : undefined));
    expect(new Set(runIds).size).toBe(2);
  });
});

describe('streaming', () => {
  it('emits each persona while the response is still open', async () => {
    server.current.enqueue({ chunkDelayMs: 5, chunkSize: 16 });
    const run = start(generator().generate$({ count: 3, data: RESEARCH_NOTES }));
    const inFlightAtPersona: number[] = [];
    run.events$.subscribe((event) => {
      if (event.type === 'persona') inFlightAtPersona.push(server.current.inFlight);
    });
    expect(await run.outcome).toBeUndefined();
    expect(inFlightAtPersona).toEqual([1, 1, 1]);
  });
});

describe('cancellation closes the connection at the server', () => {
  beforeEach(() => server.current.enqueue({ chunkDelayMs: 20, chunkSize: 4 }));

  afterEach(async () => {
    await server.current.waitForClientClose();
    expect(server.current.closedByClient).toBe(1);
    expect(server.current.requests).toHaveLength(1);
  });

  it('on unsubscribe', async () => {
    const run = start(generator().generate$({ count: 3, data: RESEARCH_NOTES }));
    await run.firstToken;
    run.subscription.unsubscribe();
  });

  it('on takeUntil, completing without a result', async () => {
    const cancel$ = new Subject<void>();
    const run = start(generator().generate$({ count: 3, data: RESEARCH_NOTES }).pipe(takeUntil(cancel$)));
    await run.firstToken;
    cancel$.next();
    expect(await run.outcome).toBeUndefined();
    expect(run.events.some((event) => event.type === 'result')).toBe(false);
  });

  it('on an AbortSignal, failing with CancellationError', async () => {
    const controller = new AbortController();
    const run = start(generator().generate$({ count: 3, data: RESEARCH_NOTES }, { signal: controller.signal }));
    await run.firstToken;
    controller.abort();
    expect(await run.outcome).toBeInstanceOf(CancellationError);
  });

  it('on a CancellationToken, failing with CancellationError that carries the reason', async () => {
    const token = new CancellationToken();
    const run = start(generator().generate$({ count: 3, data: RESEARCH_NOTES }, { signal: token.signal }));
    await run.firstToken;
    token.cancel('user pressed stop');
    const error = await run.outcome;
    expect(error).toBeInstanceOf(CancellationError);
    expect((error as CancellationError).reason).toBe('user pressed stop');
  });
});

it('never starts a run whose signal is already aborted', async () => {
  const controller = new AbortController();
  controller.abort();
  const error = await start(generator().generate$({ count: 1, data: RESEARCH_NOTES }, { signal: controller.signal })).outcome;
  expect(error).toBeInstanceOf(CancellationError);
  expect(server.current.requests).toHaveLength(0);
});

describe('deadlines', () => {
  it('timeoutMs fails the whole run with TimeoutError naming the stage, and closes the request', async () => {
    server.current.enqueue({ fault: 'hang' });
    const error = await failureOf(generator().generate$({ count: 1, data: RESEARCH_NOTES }, { timeoutMs: 150 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ stage: 'request', timeoutMs: 150, retryable: false });
    await server.current.waitForClientClose();
  });

  it('timeoutMs names the receive stage once the stream has started', async () => {
    server.current.enqueue({ fault: 'hang-mid-stream' });
    const error = await failureOf(generator({ idleTimeoutMs: 60_000 }).generate$({ count: 1, data: RESEARCH_NOTES }, { timeoutMs: 200 }));
    expect(error).toMatchObject({ name: 'TimeoutError', stage: 'receive' });
  });

  it('requestTimeoutMs bounds one attempt and is retried', async () => {
    server.current.enqueue({ fault: 'hang' });
    const events = await collect(generator({ requestTimeoutMs: 100, retryBaseDelayMs: 1 }).generate$({ count: 1, data: RESEARCH_NOTES }));
    const retry = events.find((event) => event.type === 'retry');
    expect(retry).toMatchObject({ attempt: 2, reason: expect.stringContaining('requestTimeoutMs') });
    expect(events.at(-1)).toMatchObject({ type: 'result', result: { attempts: 2 } });
    expect(server.current.requests).toHaveLength(2);
    expect(server.current.closedByClient).toBe(1);
  });

  it.each([
    ['request', { fault: 'hang' as const }],
    ['receive', { fault: 'hang-mid-stream' as const }],
  ])('requestTimeoutMs names the %s stage the attempt had reached', async (stage, scripted) => {
    server.current.enqueue(scripted);
    const error = await failureOf(generator({ requestTimeoutMs: 150, maxRetries: 0 }).generate$({ count: 1, data: RESEARCH_NOTES }));
    expect(error).toMatchObject({ name: 'TimeoutError', stage, timeoutMs: 150, retryable: true });
  });

  it('idleTimeoutMs fails a silent stream once retries run out', async () => {
    server.current.enqueue({ fault: 'hang-mid-stream' }, { fault: 'hang-mid-stream' });
    const error = await failureOf(generator({ idleTimeoutMs: 100, maxRetries: 1, retryBaseDelayMs: 1 }).generate$({ count: 1, data: RESEARCH_NOTES }));
    expect(error).toMatchObject({ name: 'TimeoutError', stage: 'receive', timeoutMs: 100 });
    expect(server.current.requests).toHaveLength(2);
    await server.current.waitForClientClose(2);
  });
});

describe('bad input', () => {
  it('names every offending field and makes no request', async () => {
    const error = await failureOf(generator().generate$({ count: 0, temperature: 5, data: RESEARCH_NOTES } as never));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).fields.sort()).toEqual(['count', 'temperature']);
    expect(server.current.requests).toHaveLength(0);
  });

  it('rejects an unknown provider and a negative timeout when the generator is built', () => {
    const build = (): unknown => new PersonaGenerator({ provider: 'openia' as never, requestTimeoutMs: -1 });
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(expect.objectContaining({ fields: ['provider', 'requestTimeoutMs'] }));
  });

  it('requires research data when no experiment is bound', async () => {
    const error = await failureOf(generator().generate$({ count: 1 }));
    expect(error).toMatchObject({ name: 'ConfigurationError', fields: ['data'] });
    expect(server.current.requests).toHaveLength(0);
  });

  it('fails with ParseError and an excerpt when the model answers with no personas', async () => {
    server.current.enqueue({ text: 'Sorry, I cannot help with that.' });
    const error = await failureOf(generator().generate$({ count: 1, data: RESEARCH_NOTES }));
    expect(error).toMatchObject({ name: 'ParseError', excerpt: 'Sorry, I cannot help with that.' });
  });

  it('surfaces an HTTP error with the provider status and its own message', async () => {
    server.current.enqueue({ status: 400, errorMessage: 'max_tokens is too large' });
    const error = await failureOf(generator().generate$({ count: 1, data: RESEARCH_NOTES }));
    expect(error).toMatchObject({
      name: 'ProviderError',
      status: 400,
      provider: 'openai',
      retryable: false,
      providerMessage: 'max_tokens is too large',
    });
    expect(server.current.requests).toHaveLength(1);
  });
});

interface StartedRun {
  events: GenerationEvent[];
  events$: Subject<GenerationEvent>;
  firstToken: Promise<void>;
  /** The error the run ended with, or undefined when it completed. */
  outcome: Promise<unknown>;
  subscription: Subscription;
}

/** Subscribes and records: events in order, when the first token arrived, how the run ended. */
function start(source$: Observable<GenerationEvent>): StartedRun {
  const events: GenerationEvent[] = [];
  const events$ = new Subject<GenerationEvent>();
  let tokenArrived!: () => void;
  const firstToken = new Promise<void>((resolve) => (tokenArrived = resolve));
  let finished!: (error: unknown) => void;
  const outcome = new Promise<unknown>((resolve) => (finished = resolve));
  const subscription = source$.subscribe({
    next: (event) => {
      events.push(event);
      events$.next(event);
      if (event.type === 'token') tokenArrived();
    },
    error: (error: unknown) => finished(error),
    complete: () => finished(undefined),
  });
  return { events, events$, firstToken, outcome, subscription };
}
