import { from, lastValueFrom, tap } from 'rxjs';
import { BudgetExceededError, PersonaConfigSchema, type GenerationEvent } from '../../lib';
import { spentAfter, withinBudget, type Resent, type Spent } from '../../lib/operators/within-budget';
import { tokenCounter$ } from '../../lib/cost/token-counter';

// claude-haiku-4-5 costs $1 per million input and $5 per million output tokens. The first prompt
// is 1000 approximate tokens with the chat overhead, the fallback's 2000; a 400-character delta is 100.
const prompt = (characters: number) => ({ system: '', prompt: 'x'.repeat(characters), boundary: '0' });
const request = {
  provider: 'anthropic',
  model: 'claude-haiku-4-5',
  prompt: prompt(3964),
  config: PersonaConfigSchema.parse({ count: 1, detailLevel: 'minimal', complexity: 'simple' }),
};
const token = (characters: number, attempt: number): GenerationEvent => ({ type: 'token', delta: 'y'.repeat(characters), attempt });
const resent: Resent = { type: 'resent', prompt: prompt(7964) };
const fallback: GenerationEvent = { type: 'retry', attempt: 2, delayMs: 0, reason: 'refused its JSON-schema mode', discarded: { tokens: 0, personas: 0 } };

describe('the budget after a structured-output fallback', () => {
  it('prices the attempts from the fallback on with the prompt they sent', async () => {
    const items = [
      token(400, 1), // 0.0010 + 0.0005
      resent,
      fallback, // 0.0010 + 0.0020 + 0.0005
      token(400, 2), // 0.0030 + 0.0010: the budget, not past it
      token(4, 2), // 0.0030 + 0.001005: past it
    ];
    const passed: unknown[] = [];
    const error = await lastValueFrom(from(items).pipe(withinBudget(0.004, request), tap((item) => passed.push(item)))).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(error).toMatchObject({ budgetUsd: 0.004, costUsd: 0.004005 });
    expect(passed).toEqual(items.slice(0, 4));
  });

  it('keeps the running totals as values, one state per step: a retry, then a fallback after it', async () => {
    const counter = await lastValueFrom(tokenCounter$('anthropic', 'claude-haiku-4-5'));
    const start: Spent = { earlierInput: 0, first: 1, promptTokens: 1000, attempt: 1, outputTokens: 0 };
    const steps = [token(400, 1), { type: 'retry', attempt: 2, delayMs: 1, reason: 'busy', discarded: { tokens: 1, personas: 0 } } as const, resent, { ...fallback, attempt: 3 }];
    const states = steps.reduce<Spent[]>((seen, item) => [...seen, spentAfter(seen.at(-1) as Spent, item, counter)], [start]);
    expect(states).toEqual([
      start,
      { ...start, outputTokens: 100 },
      { ...start, outputTokens: 100, attempt: 2 },
      { earlierInput: 2000, first: 3, promptTokens: 2000, attempt: 2, outputTokens: 100 },
      { earlierInput: 2000, first: 3, promptTokens: 2000, attempt: 3, outputTokens: 100 },
    ]);
  });
});
