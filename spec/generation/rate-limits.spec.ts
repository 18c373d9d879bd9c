import { lastValueFrom, toArray } from 'rxjs';
import { PersonaGenerator, type PersonaConfig } from '../../lib';
import { startFakeLlmServer, type FakeLlmServer } from '../../lib/testing';
import { RESEARCH_NOTES } from '../support/fake-server';

const CONFIG: PersonaConfig = { count: 1, data: RESEARCH_NOTES };
let server: FakeLlmServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const generatorFor = (url: string, options: ConstructorParameters<typeof PersonaGenerator>[0] = {}): PersonaGenerator =>
  new PersonaGenerator({ provider: 'openai', baseURL: url, stream: false, maxRetries: 10, retryBaseDelayMs: 50, ...options });

const runAll = async (generator: PersonaGenerator, runs: number): Promise<number> => {
  const events = await lastValueFrom(generator.generateAll$(Array.from({ length: runs }, () => CONFIG), { mode: 'settle' }).pipe(toArray()));
  return events.filter(({ event }) => event.type === 'result').length;
};

const timers = (): number => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

describe('rate limits at the simulated server', () => {
  it('adaptive: only the first burst is refused; after it, requests wait for the budget instead of drawing 429s', async () => {
    server = await startFakeLlmServer({ quota: { requestsPerSecond: 4 }, defaults: { latencyMs: 20 } });
    await expect(runAll(generatorFor(server.url, { maxConcurrentRequests: 6 }), 12)).resolves.toBe(12);
    // 6 sent before any answer came back, 4 admitted: 2 refused, and none after.
    expect(server.rateLimited).toBe(2);
    expect(server.requests).toHaveLength(14);
  });

  it('not adaptive: the same batch keeps drawing 429s', async () => {
    server = await startFakeLlmServer({ quota: { requestsPerSecond: 4 }, defaults: { latencyMs: 20 } });
    await runAll(generatorFor(server.url, { maxConcurrentRequests: 6, adaptiveConcurrency: false }), 12);
    expect(server.rateLimited).toBeGreaterThan(2);
  });

  it('holds requests while the reported budget is spent and releases them at its reset', async () => {
    server = await startFakeLlmServer({ quota: { requestsPerSecond: 1 } });
    const generator = generatorFor(server.url, { maxRetries: 0 });
    await lastValueFrom(generator.generate$(CONFIG));
    // Without the hold both would be refused at once (maxRetries 0 would make them fail).
    await expect(runAll(generator, 2)).resolves.toBe(2);
    expect([server.requests.length, server.rateLimited]).toEqual([3, 0]);
  });

  it('a request waiting for a reset leaves at once on unsubscribe: nothing reaches the server, its timer is cleared', async () => {
    server = await startFakeLlmServer({
      defaults: { headers: { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '10m0s', 'x-ratelimit-limit-requests': '1' } },
    });
    const generator = generatorFor(server.url);
    await lastValueFrom(generator.generate$(CONFIG));
    const before = timers();
    const waiting = generator.generate$(CONFIG).subscribe();
    await new Promise((resolve) => setImmediate(resolve));
    expect(timers()).toBe(before + 1);
    waiting.unsubscribe();
    expect(timers()).toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests).toHaveLength(1);
  });

  it('paces requests to a rateLimit the caller knows, so that a tight quota refuses none', async () => {
    server = await startFakeLlmServer({ quota: { requestsPerSecond: 2 } });
    const generator = generatorFor(server.url, { maxConcurrentRequests: 8, rateLimit: { requestsPerMinute: 120 } });
    await expect(runAll(generator, 4)).resolves.toBe(4);
    expect(server.rateLimited).toBe(0);
  });
});
