import { AsyncPersonaGenerator, PersonaGenerator, type DataDocument, type GenerationEvent } from '../../lib';
import type { RecordedRequest } from '../../lib/testing';
import { outcomeOf } from '../providers/provider-cases';
import { useFakeServer } from '../support/fake-server';

/** The simulated server's window: four characters a token, as it counts. */
const WINDOW = 3_000;
const server = useFakeServer({ contextWindow: WINDOW });

const SAYINGS = [
  'I want my weekly report in one place, I lose two hours every Monday.',
  'Exports are so slow that I gave up and copied the table by hand.',
  'I need to see the quotes behind every finding before I trust it.',
  'Our team never agrees on which dashboard is the real one.',
  'I would love to share a finding with a link instead of a screenshot.',
  'It is hard to find the interview where someone said that.',
];

/** Twelve interviews of about 3,000 characters, each line a participant's words that only this interview holds. */
const interviews: DataDocument[] = Array.from({ length: 12 }, (_, interview) => ({
  name: `interviews/p${interview + 1}.md`,
  content: Array.from({ length: 36 }, (_, line) => `P${interview + 1}.${line + 1}: "${SAYINGS[(interview + line) % SAYINGS.length]}"`).join('\n'),
}));
/** One interview larger than a chunk, to be cut at its lines. */
const longInterview: DataDocument = {
  name: 'interviews/long.md',
  content: Array.from({ length: 200 }, (_, line) => `L${line + 1}: "${SAYINGS[line % SAYINGS.length]}"`).join('\n'),
};

const config = { count: 2, maxTokens: 600, data: [...interviews, longInterview] };

/** What the server received as the request's messages, and the output it was asked to reserve. */
function promptOf(request: RecordedRequest): { text: string; maxTokens: number } {
  const body = request.body as { messages: { content: string }[]; max_tokens?: number; max_completion_tokens?: number };
  return { text: body.messages.map((message) => message.content).join('\n'), maxTokens: body.max_completion_tokens ?? body.max_tokens ?? 0 };
}

const ofType = <T extends GenerationEvent['type']>(events: GenerationEvent[], type: T) =>
  events.filter((event): event is Extract<GenerationEvent, { type: T }> => event.type === type);

function generator(options: { contextWindow?: number } = { contextWindow: WINDOW }): PersonaGenerator {
  return new PersonaGenerator({ provider: 'openai-compatible', model: 'local-model', baseURL: server.current.url, maxConcurrentRequests: 3, ...options });
}

describe('research data larger than the context window', () => {
  it("with chunking 'off', refuses with ContextWindowError before any request, naming both numbers", async () => {
    const { error } = await outcomeOf(generator().generate$({ ...config, chunking: 'off' }));
    expect(error).toMatchObject({ name: 'ContextWindowError', code: 'CONTEXT_WINDOW', contextWindow: WINDOW, promptTokens: expect.any(Number) });
    const { promptTokens } = error as { promptTokens: number };
    expect(promptTokens).toBeGreaterThan(WINDOW);
    expect((error as Error).message).toContain(promptTokens.toLocaleString('en-US'));
    expect((error as Error).message).toContain(WINDOW.toLocaleString('en-US'));
    expect(server.current.requests).toHaveLength(0);
  });

  it('holds a chunked run to budgetUsd before its first request, its estimate counting every chunk and consolidation', async () => {
    const priced = new PersonaGenerator({ provider: 'openai', model: 'gpt-4o-mini', apiKey: 'sk-budget-test-key', baseURL: server.current.url, contextWindow: WINDOW });
    const estimate = await new AsyncPersonaGenerator({ provider: 'openai', model: 'gpt-4o-mini', apiKey: 'sk-budget-test-key', baseURL: server.current.url, contextWindow: WINDOW }).aestimateCost(config);
    expect(estimate.chunks).toBeGreaterThan(1);
    const { error } = await outcomeOf(priced.generate$({ ...config, budgetUsd: estimate.costUsd! / 2 }));
    expect(error).toMatchObject({ name: 'BudgetExceededError', budgetUsd: estimate.costUsd! / 2 });
    // The run prices its own plan as the estimate does; the two generators' fence boundaries differ, and so, slightly, do their counts.
    const ratio = (error as { costUsd: number }).costUsd / estimate.costUsd!;
    expect(ratio).toBeGreaterThan(0.97);
    expect(ratio).toBeLessThan(1.03);
    expect(server.current.requests).toHaveLength(0);
  });

  it('refuses a budget for a chunked run on a model with no known price, before any request', async () => {
    const { error } = await outcomeOf(generator().generate$({ ...config, budgetUsd: 1 }));
    expect(error).toMatchObject({ name: 'ConfigurationError' });
    expect(server.current.requests).toHaveLength(0);
  });

  it('cuts the data into chunks and consolidates their candidates: every line reaches a request, none over the window', async () => {
    const { events, result, error } = await outcomeOf(generator().generate$(config));
    expect(error).toBeUndefined();
    const requests = server.current.requests.map(promptOf);
    // At the server: no request was refused, and each fits its window with the output it reserves.
    for (const request of requests) expect(Math.ceil(request.text.length / 4) + request.maxTokens).toBeLessThanOrEqual(WINDOW);
    for (const document of config.data) {
      for (const line of document.content.split('\n')) expect(requests.some((request) => request.text.includes(line))).toBe(true);
    }
    const chunks = result?.chunks ?? 0;
    expect(chunks).toBeGreaterThan(10);
    const progress = ofType(events, 'progress');
    const consolidations = progress.filter((event) => event.stage === 'consolidate').length;
    expect(consolidations).toBeGreaterThan(1);
    expect(requests).toHaveLength(chunks + consolidations);
    // A stage per chunk and per consolidation request, the steps rising by one to a total fixed from the first event.
    expect(progress.map((event) => event.stage)).toEqual(['prepare', 'render', ...Array(chunks).fill('chunk'), ...Array(consolidations).fill('consolidate'), 'parse']);
    expect(progress.map((event) => [event.step, event.total])).toEqual(progress.map((_, index) => [index + 1, progress.length]));
    // Only the final personas are persona events.
    expect(result?.personas).toHaveLength(2);
    expect(ofType(events, 'persona').map((event) => event.persona)).toEqual(result?.personas);
    expect(result?.consolidation?.map((entry) => entry.personaId)).toEqual(result?.personas.map((persona) => persona.id));
  });

  it('maps the final personas to the chunk candidates they merged, and verifies quotes against the whole original data', async () => {
    const small = { count: 2, maxTokens: 600, data: interviews.slice(0, 2) };
    const plan = await new AsyncPersonaGenerator({ provider: 'openai-compatible', model: 'local-model', baseURL: server.current.url, contextWindow: WINDOW }).aestimateCost(small);
    const requests = (plan.chunks ?? 0) + (plan.consolidations ?? 0);
    expect(plan.consolidations).toBe(1);
    const final = {
      personas: [
        { id: 'analyst', name: 'Ana', quotes: [SAYINGS[0], 'A sentence nobody said'], mergedFrom: ['1:persona-1', '2:persona-1', '9:persona-7'] },
        { id: 'lead', name: 'Ben', quotes: [SAYINGS[1]], additional: { mergedFrom: '1:persona-2 2:persona-2' } },
      ],
    };
    server.current.enqueue(...Array.from({ length: requests - 1 }, () => ({})), { text: JSON.stringify(final) });
    const { result, error } = await outcomeOf(generator().generate$(small));
    expect(error).toBeUndefined();
    expect(result?.chunks).toBe(plan.chunks);
    expect(result?.consolidation).toEqual([
      { personaId: 'analyst', candidates: [{ chunk: 1, id: 'persona-1' }, { chunk: 2, id: 'persona-1' }] },
      { personaId: 'lead', candidates: [{ chunk: 1, id: 'persona-2' }, { chunk: 2, id: 'persona-2' }] },
    ]);
    expect(result?.personas.map((persona) => persona.additional)).toEqual([{}, {}]);
    expect(result?.personas[0].evidence).toEqual([
      { quote: SAYINGS[0], source: 'interviews/p1.md', line: 1, verified: true },
      { quote: 'A sentence nobody said', verified: false },
    ]);
    expect(result?.quality).toEqual({ quotesTotal: 3, quotesVerified: 2 });
  });

  it('re-plans once in chunks when the provider refuses the prompt as too long, announced by a retry event', async () => {
    // No window known before the request: the provider's refusal names it.
    const { events, result, error } = await outcomeOf(generator({}).generate$(config));
    expect(error).toBeUndefined();
    const [refused, ...rest] = server.current.requests.map(promptOf);
    expect(Math.ceil(refused.text.length / 4) + refused.maxTokens).toBeGreaterThan(WINDOW);
    for (const request of rest) expect(Math.ceil(request.text.length / 4) + request.maxTokens).toBeLessThanOrEqual(WINDOW);
    const retries = ofType(events, 'retry');
    expect(retries).toHaveLength(1);
    expect(retries[0].reason).toContain(`context window of ${WINDOW} tokens`);
    expect(result?.chunks).toBeGreaterThan(1);
  });

  it('estimates every chunk and consolidation request, and reports the window', async () => {
    const estimates = new AsyncPersonaGenerator({ provider: 'openai-compatible', model: 'local-model', baseURL: server.current.url, contextWindow: WINDOW });
    const chunked = await estimates.aestimateCost(config);
    const whole = await new AsyncPersonaGenerator({ provider: 'openai-compatible', model: 'local-model', baseURL: server.current.url }).aestimateCost(config);
    expect(chunked).toMatchObject({ contextWindow: WINDOW, chunks: expect.any(Number), consolidations: expect.any(Number) });
    expect(whole.chunks).toBeUndefined();
    // Every request repeats the instructions, and the consolidations add the candidates: more input than one request, and an answer per request.
    expect(chunked.inputTokens).toBeGreaterThan(whole.inputTokens);
    expect(chunked.outputTokens).toBe(whole.outputTokens * ((chunked.chunks ?? 0) + (chunked.consolidations ?? 0)));
    const { result } = await outcomeOf(generator().generate$(config));
    expect(result?.chunks).toBe(chunked.chunks);
  });
});
