import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeBuiltinsIn } from './support/browser-bundle';

const root = join(__dirname, '..', '..');
const at = (path: string): string => join(root, path);

describe('the persona-rx core in a browser bundle', () => {
  it('pulls in no Node built-in, directly or through its dependencies', async () => {
    await expect(nodeBuiltinsIn(at('lib/index.ts'))).resolves.toEqual([]);
  });

  it('reports a built-in that a file imports, with or without the node: prefix, and through another file', async () => {
    await expect(nodeBuiltinsIn(at('spec/browser/fixtures/uses-reads-files.ts'))).resolves.toEqual([
      { module: 'fs', importer: 'spec/browser/fixtures/reads-files.ts' },
      { module: 'node:path', importer: 'spec/browser/fixtures/reads-files.ts' },
    ]);
  });

  it('keeps the simulated server, which needs node:http, out of the core and in persona-rx/testing', async () => {
    await expect(nodeBuiltinsIn(at('lib/testing.ts'))).resolves.toEqual([
      { module: 'node:http', importer: 'lib/testing/fake-llm-server.ts' },
    ]);
  });

  it('lets bundlers drop unused modules: the package declares no side effects', () => {
    const manifest = JSON.parse(readFileSync(at('package.json'), 'utf8')) as { sideEffects?: unknown };
    expect(manifest.sideEffects).toBe(false);
  });
});
