import { join } from 'node:path';
import { startFakeLlmServer, type FakeLlmServer } from '../../lib/testing';
import { describeInChromium, launchChromium, type Chromium } from './support/chromium';
import { STREAM_SLOWLY } from './support/slow-stream';
import { serveStatic, type StaticSite } from './support/static-site';

const root = join(__dirname, '..', '..');
const pageDir = join(__dirname, 'fixtures', 'core-page');

describeInChromium('the persona-rx core in a plain page in Chromium', () => {
  let server: FakeLlmServer;
  let site: StaticSite;
  let chromium: Chromium;

  beforeAll(async () => {
    server = await startFakeLlmServer();
    site = await serveStatic(pageDir, {
      entryPoints: { 'persona-rx': join(root, 'lib/index.ts') },
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'PersonaRx',
      outdir: join(pageDir, 'assets'),
    });
    chromium = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await site?.close();
    await server?.close();
  });

  const openPage = async (query: Record<string, string> = {}): Promise<void> => {
    const search = new URLSearchParams({ baseURL: server.url, ...query });
    await chromium.page.goto(`${site.origin}/?${search}`);
  };
  const personaNames = (): Promise<string[]> => chromium.page.locator('#personas li').allTextContents();

  it('is served from another origin than the LLM server, so every call crosses CORS', () => {
    expect(new URL(site.origin).port).not.toBe(new URL(server.url).port);
  });

  it('shows each streamed persona while the response is still arriving, then the result', async () => {
    server.enqueue(STREAM_SLOWLY);
    await openPage();
    const { page } = chromium;

    await page.click('#generate');
    await page.locator('#personas li').first().waitFor();
    expect(server.inFlight).toBe(1);
    await expect(page.locator('#status').textContent()).resolves.toBe('running');

    await page.locator('#status', { hasText: 'done' }).waitFor();
    await expect(page.locator('#status').textContent()).resolves.toBe('done: 3 personas');
    await expect(personaNames()).resolves.toEqual(['Maya', 'Daniel', 'Priya']);
    await expect(page.locator('#progress').textContent()).resolves.toBe('5/5 parse');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions', stream: true });
    expect(server.requests[0].headers).toMatchObject({ origin: site.origin, authorization: 'Bearer sk-browser-page-test' });
    expect(server.closedByClient).toBe(0);
  });

  it('aborts the request when the page cancels: the server sees the connection close', async () => {
    server.enqueue(STREAM_SLOWLY);
    await openPage();
    const { page } = chromium;
    const closedBefore = server.closedByClient;

    await page.click('#generate');
    await page.locator('#personas li').first().waitFor();
    await page.click('#cancel');

    await server.waitForClientClose(closedBefore + 1);
    await page.locator('#status', { hasText: 'failed' }).waitFor();
    await expect(page.locator('#status').textContent()).resolves.toBe('failed: cancellation_error');
    expect((await personaNames()).length).toBeLessThan(3);
    expect(server.inFlight).toBe(0);
  });

  it('fails at the run deadline naming the stage, and closes the connection', async () => {
    server.enqueue({ latencyMs: 30_000 });
    await openPage({ timeoutMs: '400' });
    const { page } = chromium;
    const closedBefore = server.closedByClient;

    await page.click('#generate');
    await server.waitForClientClose(closedBefore + 1);
    await page.locator('#status', { hasText: 'failed' }).waitFor();
    await expect(page.locator('#status').textContent()).resolves.toBe('failed: timeout_error at request');
    await expect(personaNames()).resolves.toEqual([]);
  });
});
