import { lastValueFrom } from 'rxjs';
import { PersonaGenerator, resultOf } from '../../lib';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';

const server = useFakeServer();

const resultFrom = (options: ConstructorParameters<typeof PersonaGenerator>[0]) =>
  lastValueFrom(
    new PersonaGenerator({ baseURL: server.current.url, apiKey: 'sk-cost-key-12', ...options })
      .generate$({ count: 1, data: RESEARCH_NOTES })
      .pipe(resultOf()),
  );

describe('costUsd on results', () => {
  it("prices the usage the provider reported at the model's price", async () => {
    server.current.enqueue({ usage: { inputTokens: 10_000, outputTokens: 2_000 } });
    const result = await resultFrom({ provider: 'openai', model: 'gpt-5.4-mini-2026-03-17' });
    // gpt-5.4-mini: $0.75 in, $4.50 out per million tokens.
    expect(result.costUsd).toBe(0.0165);
  });

  it('leaves costUsd out when the model has no known price', async () => {
    const result = await resultFrom({ provider: 'openai-compatible', model: 'my-local-model' });
    expect(result).not.toHaveProperty('costUsd');
    expect(result.usage.totalTokens).toBeGreaterThan(0);
  });
});
