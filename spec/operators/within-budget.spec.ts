import { defer, from, lastValueFrom, of, tap, toArray, type Observable } from 'rxjs';
import {
  BudgetExceededError,
  ConfigurationError,
  PersonaConfigSchema,
  PersonaGenerator,
  type GenerationEvent,
} from '../../lib';
import { withinBudget } from '../../lib/operators/within-budget';
import { formatUsd } from '../../lib/cost/format-usd';
import { costOf } from '../../lib/cost/pricing';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';

const server = useFakeServer();

const generator = (options: ConstructorParameters<typeof PersonaGenerator>[0] = {}): PersonaGenerator =>
  new PersonaGenerator({ provider: 'openai', baseURL: server.current.url, apiKey: 'sk-budget-key-1', maxRetries: 0, ...options });

async function outcome(events$: ReturnType<PersonaGenerator['generate$']>): Promise<{ events: GenerationEvent[]; error?: unknown }> {
  const events: GenerationEvent[] = [];
  return new Promise((resolve) => {
    events$.subscribe({
      next: (event) => events.push(event),
      error: (error: unknown) => resolve({ events, error }),
      complete: () => resolve({ events }),
    });
  });
}

describe('budgetUsd before the request', () => {
  it('refuses a run whose estimate exceeds the budget with BudgetExceededError and zero requests', async () => {
    const estimate = await lastValueFrom(generator().estimateCost$({ count: 3, data: RESEARCH_NOTES }));
    const { events, error } = await outcome(generator().generate$({ count: 3, data: RESEARCH_NOTES, budgetUsd: 0.0001 }));

    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(error).toMatchObject({ budgetUsd: 0.0001, costUsd: estimate.costUsd, code: 'budget_exceeded_error' });
    expect((error as Error).message).toBe(
      `The estimated cost ${formatUsd(estimate.costUsd!)} (${estimate.inputTokens} input, ~1220 output tokens) exceeds the budget of $0.0001`,
    );
    expect(events.map((event) => (event.type === 'progress' ? event.stage : event.type))).toEqual(['prepare', 'render']);
    expect(server.current.requests).toHaveLength(0);
  });

  it('refuses a budget it cannot enforce, for a model without a known price, with ConfigurationError and zero requests', async () => {
    const { error } = await outcome(generator({ provider: 'openai-compatible' }).generate$({ count: 1, data: RESEARCH_NOTES, budgetUsd: 5 }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).fields).toEqual(['budgetUsd']);
    expect(server.current.requests).toHaveLength(0);
  });

  it.each([true, false])('lets a run within budget through, its result priced from actual usage (stream: %s)', async (stream) => {
    server.current.enqueue({ usage: { inputTokens: 1200, outputTokens: 800 } });
    const { events, error } = await outcome(generator({ stream }).generate$({ count: 1, data: RESEARCH_NOTES, budgetUsd: 0.01 }));
    expect(error).toBeUndefined();
    const last = events.at(-1);
    expect(last?.type === 'result' && last.result.costUsd).toBe(costOf({ inputTokens: 1200, outputTokens: 800 }, { input: 0.15, output: 0.6 }));
  });
});

describe('budgetUsd while streaming', () => {
  it('aborts the stream once its running cost passes the budget: the server sees the connection close', async () => {
    const config = { count: 1, data: RESEARCH_NOTES };
    const estimate = await lastValueFrom(generator().estimateCost$(config));
    const budgetUsd = estimate.costUsd! * 1.05;
    server.current.enqueue({ text: 'research says '.repeat(4000), chunkDelayMs: 2 });

    const { events, error } = await outcome(generator().generate$({ ...config, budgetUsd }));

    expect(error).toBeInstanceOf(BudgetExceededError);
    expect((error as BudgetExceededError).costUsd).toBeGreaterThan(budgetUsd);
    expect((error as BudgetExceededError).message).toMatch(/^The run was stopped: its cost so far, \$[\d.]+, passed the budget of \$[\d.]+$/);
    expect(events.filter((event) => event.type === 'token').length).toBeGreaterThan(10);
    await server.current.waitForClientClose();
    expect(server.current.closedByClient).toBe(1);
  });
});

describe('the withinBudget operator', () => {
  // claude-haiku-4-5 costs $1 per million input and $5 per million output tokens; the prompt is
  // 991 approximate tokens, 1000 with the chat overhead; every 400-character delta is 100 tokens.
  const request = {
    provider: 'anthropic',
    model: 'claude-haiku-4-5',
    prompt: { system: '', prompt: 'x'.repeat(3964), boundary: '0' },
    config: PersonaConfigSchema.parse({ count: 1, detailLevel: 'minimal', complexity: 'simple' }),
  };
  const token = (characters: number, attempt: number): GenerationEvent => ({ type: 'token', delta: 'y'.repeat(characters), attempt });

  async function run(source: Observable<GenerationEvent>, budgetUsd: number): Promise<{ passed: GenerationEvent[]; error: unknown }> {
    const passed: GenerationEvent[] = [];
    const error = await lastValueFrom(source.pipe(withinBudget(budgetUsd, request), tap((event) => passed.push(event)))).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    return { passed, error };
  }

  it('counts the prompt once per attempt and every streamed token, and fails the moment the total passes', async () => {
    const events: GenerationEvent[] = [
      token(400, 1), // 0.0010 + 0.0005
      { type: 'retry', attempt: 2, delayMs: 0, reason: 'overloaded', discarded: { tokens: 1, personas: 0 } }, // 0.0020 + 0.0005
      token(400, 2), // 0.0020 + 0.0010
      token(400, 2), // 0.0020 + 0.0015: the budget, not past it
      token(4, 2), // 0.0020 + 0.001505: past it
      token(4, 2),
    ];
    const { passed, error } = await run(from(events), 0.0035);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(error).toMatchObject({ budgetUsd: 0.0035, costUsd: 0.003505 });
    expect(passed).toEqual(events.slice(0, 4));
  });

  it('refuses before subscribing to the source when the estimate exceeds the budget', async () => {
    let subscribed = false;
    const source = defer(() => {
      subscribed = true;
      return of(token(4, 1));
    });
    const { passed, error } = await run(source, 0.0018);
    // The estimate: 1000 input tokens and 170 expected output tokens, $0.00185.
    expect(error).toMatchObject({ costUsd: 0.00185, budgetUsd: 0.0018 });
    expect(passed).toEqual([]);
    expect(subscribed).toBe(false);
  });

  it('passes everything through untouched without a budget', async () => {
    const events = [token(4000, 1), token(4000, 1)];
    await expect(lastValueFrom(from(events).pipe(withinBudget(undefined, request), toArray()))).resolves.toEqual(events);
  });
});
