import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startFakeLlmServer, type FakeLlmServer } from '../../lib/testing';
import { describeInChromium, launchChromium, type Chromium } from './support/chromium';
import { STREAM_SLOWLY } from './support/slow-stream';
import { serveStatic, type StaticSite } from './support/static-site';

const root = join(__dirname, '..', '..');
const appDir = join(root, 'samples', 'angular');
const builtApp = join(appDir, 'dist', 'persona-rx-angular-sample', 'browser');
const screenshot = join(root, '.artifacts', 'angular-mid-stream.png');
const BUILD_TIMEOUT_MS = 240_000;

const run = promisify(execFile);

/**
 * The sample resolves persona-rx through its package.json exports, i.e. the library's dist/, which
 * the suite's global setup has just built (spec/support/global-setup.ts).
 */
async function buildApp(): Promise<void> {
  const env = { ...process.env, NG_CLI_ANALYTICS: 'false', FORCE_COLOR: '0' };
  await run('npm', ['run', 'build'], { cwd: appDir, env, maxBuffer: 16 * 1024 * 1024 });
}

describeInChromium(
  'the Angular sample app in Chromium',
  () => {
    let server: FakeLlmServer;
    let site: StaticSite;
    let chromium: Chromium;

    beforeAll(async () => {
      await buildApp();
      server = await startFakeLlmServer();
      site = await serveStatic(builtApp);
      chromium = await launchChromium();
      await chromium.page.goto(`${site.origin}/?${new URLSearchParams({ baseURL: server.url })}`);
    }, BUILD_TIMEOUT_MS);

    afterAll(async () => {
      await chromium?.close();
      await site?.close();
      await server?.close();
    });

    const page = () => chromium.page;
    const button = (name: string) => page().getByRole('button', { name });
    const personas = () => page().locator('li.persona');
    const status = () => page().locator('p.status');
    const personaCounts = (): Promise<number[]> => page().evaluate(() => (window as unknown as { personaCounts: number[] }).personaCounts);

    it('shows progress, then the personas one by one as they stream in', async () => {
      server.enqueue(STREAM_SLOWLY);
      // Every change of the number of persona cards on screen, in order.
      await page().evaluate(() => {
        const seen: number[] = [];
        (window as unknown as { personaCounts: number[] }).personaCounts = seen;
        new MutationObserver(() => {
          const count = document.querySelectorAll('li.persona').length;
          if (count !== (seen.at(-1) ?? 0)) seen.push(count);
        }).observe(document.body, { childList: true, subtree: true });
      });

      await button('Generate').click();
      await page().locator('p.progress').waitFor();
      await expect(personas().count()).resolves.toBe(0);
      await expect(button('Cancel').isEnabled()).resolves.toBe(true);

      await personas().first().waitFor();
      expect(server.inFlight).toBe(1);
      await mkdir(join(root, '.artifacts'), { recursive: true });
      await page().screenshot({ path: screenshot, fullPage: true });

      await status().filter({ hasText: 'Done' }).waitFor();
      await expect(status().textContent()).resolves.toMatch(/^\s*Done: 3 personas\s*$/);
      await expect(personas().locator('h2').allTextContents()).resolves.toEqual(['Maya', 'Daniel', 'Priya']);
      await expect(page().locator('p.progress').textContent()).resolves.toMatch(/^Step 5 of 5: /);
      await expect(personaCounts()).resolves.toEqual([1, 2, 3]);
      await expect(button('Cancel').isDisabled()).resolves.toBe(true);
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0].headers.origin).toBe(site.origin);
      expect(server.requests[0].headers.authorization).toBeUndefined();
    });

    it('shows each quote with its evidence: a verified mark with source and line, or "not found in the data"', async () => {
      const persona = (name: string, quotes: string[]) => ({ id: name, name, title: 'Researcher', goals: [], painPoints: [], behaviours: [], quotes });
      const answer = {
        personas: [
          persona('Maya', ['Every Monday I lose two hours stitching spreadsheets together.', 'I love spreadsheets more than anything.']),
          persona('Priya', ["I don't trust a persona unless I can see the quotes behind it."]),
        ],
      };
      server.enqueue({ text: `<output>${JSON.stringify(answer)}</output>` });
      await page().goto(`${site.origin}/?${new URLSearchParams({ baseURL: server.url })}`);
      await button('Generate').click();
      await status().filter({ hasText: 'Done' }).waitFor();
      const cards = await personas().evaluateAll((items) =>
        items.map((item) =>
          Array.from(item.querySelectorAll('li.quote'), (quote) => [
            quote.getAttribute('data-verified'),
            quote.querySelector('blockquote')?.textContent?.trim(),
            quote.querySelector('p.evidence')?.textContent?.trim(),
          ]),
        ),
      );
      expect(cards).toEqual([
        [
          ['true', 'Every Monday I lose two hours stitching spreadsheets together.', '✓ Verified: data, line 1'],
          ['false', 'I love spreadsheets more than anything.', 'Not found in the data'],
        ],
        [['true', "I don't trust a persona unless I can see the quotes behind it.", '✓ Verified: data, line 5']],
      ]);
    });

    it('cancels a second run through takeUntil: the server sees the connection close, and the page stays usable', async () => {
      server.enqueue(STREAM_SLOWLY);
      const closedBefore = server.closedByClient;
      const requestsBefore = server.requests.length;

      await button('Generate').click();
      await page().locator('section[data-status="running"] li.persona').first().waitFor();
      await button('Cancel').click();

      await status().filter({ hasText: 'Cancelled' }).waitFor();
      await server.waitForClientClose(closedBefore + 1);
      const kept = await personas().count();
      expect(kept).toBeGreaterThanOrEqual(1);
      expect(kept).toBeLessThan(3);
      await expect(button('Cancel').isDisabled()).resolves.toBe(true);

      await button('Generate').click();
      await status().filter({ hasText: 'Done' }).waitFor();
      await expect(personas().count()).resolves.toBe(3);
      expect(server.requests).toHaveLength(requestsBefore + 2);
      expect(server.closedByClient).toBe(closedBefore + 1);
      expect(server.maxInFlight).toBe(1);
    });

    it('fails a run at its deadline (?deadlineMs=) and says so', async () => {
      server.enqueue({ latencyMs: 30_000 });
      const closedBefore = server.closedByClient;
      await page().goto(`${site.origin}/?${new URLSearchParams({ baseURL: server.url, deadlineMs: '400' })}`);

      await button('Generate').click();
      await server.waitForClientClose(closedBefore + 1);
      await status().filter({ hasText: 'Failed' }).waitFor();
      await expect(status().textContent()).resolves.toMatch(/^\s*Failed: timeout_error: .*'request'/);
      await expect(personas().count()).resolves.toBe(0);
    });
  },
  [{ path: join(appDir, 'node_modules', '.bin', 'ng'), install: 'npm ci --prefix samples/angular' }],
);
