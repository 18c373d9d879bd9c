import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const root = resolve(__dirname, '../..');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  cycle?: { name: string }[];
  via?: { name: string }[];
}

interface CruiseResult {
  modules: { source: string }[];
  summary: { violations: Violation[]; error: number };
}

/** dependency-cruiser is ESM-only, so it runs as its own process; its JSON report is read here. */
async function cruise(): Promise<CruiseResult> {
  const bin = resolve(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  const { stdout } = await promisify(execFile)(process.execPath, [bin, 'lib', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stdout?: string }) => {
    // A run with violations exits non-zero but still prints its report.
    if (error.stdout) return { stdout: error.stdout };
    throw error;
  });
  return JSON.parse(stdout) as CruiseResult;
}

const described = (violation: Violation): string => {
  const path = violation.cycle ?? violation.via ?? [];
  return `${violation.rule.name}: ${violation.from} -> ${violation.to}${path.length ? ` (${path.map((step) => step.name).join(' -> ')})` : ''}`;
};

describe('the layering of lib/', () => {
  let result: CruiseResult;

  beforeAll(async () => {
    result = await cruise();
  }, 180_000);

  it('cruises every entry point and the folders they load', () => {
    const sources = result.modules.map((module) => module.source);
    expect(sources).toEqual(expect.arrayContaining(['lib/index.ts', 'lib/node.ts', 'lib/testing.ts', 'lib/cli.ts', 'lib/queue.ts', 'lib/generator/persona-generator.ts']));
  });

  it('has no import circles, a browser-safe core, no testing code in the core and no orphans', () => {
    expect(result.summary.violations.map(described)).toEqual([]);
    expect(result.summary.error).toBe(0);
  });
});
