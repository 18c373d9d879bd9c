import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Chromium {
  readonly page: Page;
  close(): Promise<void>;
}

/** Debian's Chromium with a fresh profile, removed again on close. */
export async function launchChromium(): Promise<Chromium> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'persona-rx-chromium-'));
  let browser: BrowserContext;
  try {
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: FLAGS,
      viewport: { width: 1100, height: 900 },
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    page: browser.pages()[0] ?? (await browser.newPage()),
    close: async () => {
      await browser.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Something a browser test needs on this machine, and the command that provides it. */
export interface Requirement {
  path: string;
  install: string;
}

const CHROMIUM: Requirement = { path: CHROMIUM_PATH, install: 'apt-get update && apt-get install -y chromium' };

/**
 * `describe` for tests that need Chromium (and `also`). When something is missing they are skipped
 * with a one-line notice that says how to install it, except under CI=true, where they fail.
 */
export function describeInChromium(name: string, body: () => void, also: Requirement[] = []): void {
  const missing = [CHROMIUM, ...also].filter((requirement) => !existsSync(requirement.path));
  const notice = missing.map((requirement) => `no ${requirement.path} (install: ${requirement.install})`).join('; ');
  if (missing.length === 0) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('has what it needs on this machine', () => {
        throw new Error(`Cannot run: ${notice}`);
      });
    });
  } else {
    // Loud, in jest's console report: a skipped browser suite must not pass for a run one.
    console.warn(`SKIPPED (not run on this machine): "${name}": ${notice}. CI installs it; see README "Development".`);
    describe.skip(name, body);
  }
}
