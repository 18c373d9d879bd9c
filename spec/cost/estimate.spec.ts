import { lastValueFrom } from 'rxjs';
import { AsyncPersonaGenerator, CancellationError, ConfigurationError, PersonaConfigSchema, renderPrompt } from '../../lib';
import { expectedOutputTokens } from '../../lib/cost/estimate';
import { costOf } from '../../lib/cost/pricing';
import { tokenCounter$ } from '../../lib/cost/token-counter';
import { withTypicalBoundary } from '../../lib/prompts/fence';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';

const server = useFakeServer();

const generator = (options: ConstructorParameters<typeof AsyncPersonaGenerator>[0] = {}): AsyncPersonaGenerator =>
  new AsyncPersonaGenerator({ provider: 'openai', baseURL: server.current.url, apiKey: 'sk-estimate-key-1', ...options });

describe('expected output tokens', () => {
  it.each([
    [{ count: 3 }, 1220],
    [{ count: 1, detailLevel: 'minimal', complexity: 'simple' }, 170],
    [{ count: 2, detailLevel: 'detailed', complexity: 'complex', includeReasoning: true }, 2820],
    [{ count: 20, detailLevel: 'detailed', maxTokens: 1000 }, 1000],
  ] as const)('grow with count, detail, complexity and reasoning, capped by maxTokens: %j', (config, tokens) => {
    expect(expectedOutputTokens(PersonaConfigSchema.parse(config))).toBe(tokens);
  });
});

describe('aestimateCost', () => {
  it("counts the run's exact prompt with the model's tokenizer and prices it, without any request", async () => {
    const config = { count: 2, data: RESEARCH_NOTES };
    const estimate = await generator({ model: 'gpt-4.1-mini' }).aestimateCost(config);

    const prompt = renderPrompt(PersonaConfigSchema.parse(config), [{ name: 'data', content: RESEARCH_NOTES }], true);
    const counter = await lastValueFrom(tokenCounter$('openai', 'gpt-4.1-mini'));
    const typical = (text: string): string => withTypicalBoundary(text, prompt.boundary);
    const inputTokens = counter.count(typical(prompt.system)) + counter.count(typical(prompt.prompt)) + 9;
    expect(estimate).toEqual({
      inputTokens,
      outputTokens: 820,
      costUsd: costOf({ inputTokens, outputTokens: 820 }, { input: 0.4, output: 1.6 }),
      provider: 'openai',
      model: 'gpt-4.1-mini',
      tokenCounting: 'tokenizer',
      contextWindow: 1_000_000,
      registryDate: '2026-09-23',
    });
    expect(server.current.requests).toHaveLength(0);
  });

  it('approximates other providers and leaves costUsd out when the model has no known price', async () => {
    const estimate = await generator({ provider: 'openai-compatible', model: 'llama-3.1-8b' }).aestimateCost({ count: 1, data: RESEARCH_NOTES });
    expect(estimate.tokenCounting).toBe('approximation');
    expect(estimate).not.toHaveProperty('costUsd');
    expect(estimate.inputTokens).toBeGreaterThan(RESEARCH_NOTES.length / 4);
  });

  it('is cold: estimateCost$ does nothing until subscribed, and each subscription estimates anew', async () => {
    const estimate$ = generator().estimateCost$({ count: 1, data: RESEARCH_NOTES });
    const [first, second] = await Promise.all([lastValueFrom(estimate$), lastValueFrom(estimate$)]);
    expect(first).toEqual(second);
  });

  it('refuses a bad config, or one without data, with ConfigurationError', async () => {
    await expect(generator().aestimateCost({ count: 0, data: RESEARCH_NOTES })).rejects.toBeInstanceOf(ConfigurationError);
    await expect(generator().aestimateCost({ count: 1 })).rejects.toThrow(/No research data/);
  });

  it('rejects with CancellationError when cancelled', async () => {
    await expect(generator().aestimateCost({ data: RESEARCH_NOTES }, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(CancellationError);
  });
});
