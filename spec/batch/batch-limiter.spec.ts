import { firstValueFrom, lastValueFrom } from 'rxjs';
import { RateLimitError } from '../../lib';
import { RESEARCH_NOTES } from '../support/fake-server';
import { batchGenerator, failureOf, FAST, useBatchServer, type BatchProvider } from './support';

const startServer = useBatchServer();
const SPENT = {
  openai: { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '10m0s', 'x-ratelimit-limit-requests': '1' },
  anthropic: {
    'anthropic-ratelimit-requests-remaining': '0',
    'anthropic-ratelimit-requests-reset': new Date(Date.now() + 600_000).toISOString(),
    'anthropic-ratelimit-requests-limit': '1',
  },
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe.each<BatchProvider>(['openai', 'anthropic'])('%s batch requests and the shared limiter', (provider) => {
  it("hold every later request of the generator, live or batch, while a batch answer's headers say the budget is spent", async () => {
    const server = await startServer();
    const generator = batchGenerator(server, provider);
    const submitted = await firstValueFrom(generator.submitBatch$([{ count: 1, data: RESEARCH_NOTES }], { ...FAST, cancelOnUnsubscribe: false }));
    if (submitted.type !== 'submitted') throw new Error('the first event is `submitted`');
    server.enqueue({ headers: SPENT[provider] });
    await expect(lastValueFrom(generator.batchStatus$(submitted.batchId))).resolves.toMatchObject({ type: 'status' });
    const seen = server.requests.length;
    const waiting = [
      generator.batchStatus$(submitted.batchId).subscribe({ error: () => undefined }),
      generator.generate$({ count: 1, data: RESEARCH_NOTES }).subscribe({ error: () => undefined }),
    ];
    await settle();
    expect(server.requests).toHaveLength(seen);
    waiting.forEach((subscription) => subscription.unsubscribe());
  });

  it('hold later requests after a batch endpoint answered 429 with retry-after', async () => {
    const server = await startServer();
    server.enqueue({ status: 429, errorMessage: 'slow down', headers: { 'retry-after': '600' } });
    const generator = batchGenerator(server, provider, { maxRetries: 0 });
    await expect(failureOf(generator.batchStatus$('batch_1'))).resolves.toBeInstanceOf(RateLimitError);
    const waiting = generator.generate$({ count: 1, data: RESEARCH_NOTES }).subscribe({ error: () => undefined });
    await settle();
    expect(server.requests).toHaveLength(1);
    waiting.unsubscribe();
  });
});
