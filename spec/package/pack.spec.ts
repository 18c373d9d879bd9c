import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docxOf } from '../data/support/docx-fixture';
import { pdfOf } from '../data/support/pdf-fixture';

/**
 * The package as an app meets it: the tarball `npm pack` makes (of the dist/ the jest global setup
 * built) installed into an empty app that depends on its own rxjs.
 */
const root = join(__dirname, '..', '..');
const bin = (tool: string): string => join(root, 'node_modules', '.bin', tool);
let app: string;
let tarball: string;
let packedFiles: string[];

beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), 'persona-rx-app-'));
  // The build already ran once for the whole suite: packing skips the prepack build.
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', app], { cwd: root, encoding: 'utf8' }),
  ) as { filename: string; files: { path: string }[] }[];
  tarball = join(app, packed.filename);
  packedFiles = packed.files.map((file) => file.path);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  execFileSync('npm', ['install', tarball, 'rxjs@^7.8', '--prefer-offline', '--no-audit', '--no-fund', '--silent'], {
    cwd: app,
    stdio: 'ignore',
  });
}, 240_000);

afterAll(() => rmSync(app, { recursive: true, force: true }));

const run = (command: string, args: string[]): string => execFileSync(command, args, { cwd: app, encoding: 'utf8' }).trim();
const commonJs = (code: string): string => run('node', ['-e', code]);
const esModule = (code: string): string => run('node', ['--input-type=module', '-e', code]);

describe('the packed package', () => {
  it('builds itself when packed, and ships dist, the subpath stubs, the demo data, README and CHANGELOG only', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(manifest.scripts.prepack).toBe('npm run build');
    expect(packedFiles).toEqual(
      expect.arrayContaining(['README.md', 'CHANGELOG.md', 'package.json', 'dist/cjs/index.js', 'dist/esm/index.mjs', 'dist/esm/index.d.mts']),
    );
    const outsideDist = packedFiles.filter((file) => !file.startsWith('dist/'));
    expect(outsideDist.sort()).toEqual([
      'CHANGELOG.md',
      'README.md',
      'node/package.json',
      'package.json',
      'queue/package.json',
      'samples/data/interviews.md',
      'samples/data/support-tickets.txt',
      'samples/data/survey.csv',
      'testing/package.json',
    ]);
  });

  it('ships no source maps and nothing that names the build machine’s folders', () => {
    expect(packedFiles.filter((file) => file.endsWith('.map'))).toEqual([]);
    const installed = join(app, 'node_modules', 'persona-rx');
    const naming = packedFiles.filter((file) => readFileSync(join(installed, file), 'utf8').includes(root));
    expect(naming).toEqual([]);
  });

  it('is version 0.2.0, with a dated 0.2.0 section under an [Unreleased] one in its CHANGELOG', () => {
    const installed = join(app, 'node_modules', 'persona-rx');
    expect((JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { version: string }).version).toBe('0.2.0');
    const headings = readFileSync(join(installed, 'CHANGELOG.md'), 'utf8').match(/^## .*$/gm);
    expect(headings?.slice(0, 3)).toEqual(['## [Unreleased]', '## [0.2.0] - 2026-11-30', '## [0.1.0] - 2026-11-29']);
  });

  it('passes publint', () => {
    expect(run(bin('publint'), ['run', tarball, '--level', 'suggestion'])).toContain('All good!');
  });

  it('passes attw: every entry point resolves, with types of its own format, under node10, node16 (CJS and ESM) and bundler', () => {
    const report = JSON.parse(spawnSync(bin('attw'), [tarball, '--format', 'json'], { encoding: 'utf8' }).stdout) as {
      analysis: { problems: unknown[]; entrypoints: Record<string, { resolutions: Record<string, { resolution?: { fileName: string } }> }> };
    };
    expect(report.analysis.problems).toEqual([]);
    const resolved = Object.entries(report.analysis.entrypoints).map(([entry, { resolutions }]) => [
      entry,
      Object.fromEntries(Object.entries(resolutions).map(([mode, { resolution }]) => [mode, resolution?.fileName.replace(/^.*persona-rx\//, '')])),
    ]);
    expect(Object.fromEntries(resolved)).toEqual({
      '.': { node10: 'dist/cjs/index.d.ts', 'node16-cjs': 'dist/cjs/index.d.ts', 'node16-esm': 'dist/esm/index.d.mts', bundler: 'dist/esm/index.d.mts' },
      './node': { node10: 'dist/cjs/node.d.ts', 'node16-cjs': 'dist/cjs/node.d.ts', 'node16-esm': 'dist/esm/node.d.mts', bundler: 'dist/esm/node.d.mts' },
      './testing': {
        node10: 'dist/cjs/testing.d.ts',
        'node16-cjs': 'dist/cjs/testing.d.ts',
        'node16-esm': 'dist/esm/testing.d.mts',
        bundler: 'dist/esm/testing.d.mts',
      },
      './queue': { node10: 'dist/cjs/queue.d.ts', 'node16-cjs': 'dist/cjs/queue.d.ts', 'node16-esm': 'dist/esm/queue.d.mts', bundler: 'dist/esm/queue.d.mts' },
      './package.json': { node10: 'package.json', 'node16-cjs': 'package.json', 'node16-esm': 'package.json', bundler: 'package.json' },
    });
  });

  it('shares the app’s rxjs: one copy installed, the one persona-rx loads and whose Observable it returns', () => {
    const copies = run('npm', ['ls', 'rxjs', '--all', '--parseable']).split('\n').filter(Boolean);
    expect(copies).toEqual([join(app, 'node_modules', 'rxjs')]);
    const output = commonJs(
      `const { createRequire } = require('node:module');
       const { Observable } = require('rxjs');
       const { PersonaGenerator } = require('persona-rx');
       const fromLibrary = createRequire(require.resolve('persona-rx'));
       const run$ = new PersonaGenerator({ provider: 'openai', apiKey: 'sk-not-used' }).generate$({ count: 1, data: 'x' });
       console.log(fromLibrary.resolve('rxjs') === require.resolve('rxjs'), run$ instanceof Observable);`,
    );
    expect(output).toBe('true true');
  });

  it('is one implementation across import and require: classes, instanceof and the secret registry', () => {
    const output = esModule(
      `import { createRequire } from 'node:module';
       import { PersonaError, ConfigurationError, registerSecret } from 'persona-rx';
       import * as nodeOnly from 'persona-rx/node';
       import { startFakeLlmServer } from 'persona-rx/testing';
       const require = createRequire(import.meta.url);
       const cjs = require('persona-rx'), cjsNode = require('persona-rx/node'), cjsTesting = require('persona-rx/testing');
       registerSecret('sk-registered-through-import');
       console.log(JSON.stringify([
         PersonaError === cjs.PersonaError,
         nodeOnly.Experiment === cjsNode.Experiment,
         startFakeLlmServer === cjsTesting.startFakeLlmServer,
         new cjs.ConfigurationError('x') instanceof PersonaError,
         new ConfigurationError('x') instanceof cjsNode.PersonaError,
         cjs.redactSecrets('key sk-registered-through-import'),
       ]));`,
    );
    expect(JSON.parse(output)).toEqual([true, true, true, true, true, 'key [redacted]']);
  });

  it('keeps bullmq and ioredis optional: the core and persona-rx/node load without them, persona-rx/queue loads with them', () => {
    expect(commonJs(`require('persona-rx'); require('persona-rx/node'); console.log('loaded')`)).toBe('loaded');
    expect(esModule(`await import('persona-rx'); await import('persona-rx/node'); console.log('loaded')`)).toBe('loaded');
    const withoutPeers = spawnSync('node', ['-e', `require('persona-rx/queue')`], { cwd: app, encoding: 'utf8' });
    expect(withoutPeers.stderr).toMatch(/Cannot find module 'bullmq'/);
    // The repository has the peers installed: there the built entry point loads from both module systems, one implementation.
    const both = execFileSync(
      'node',
      ['--input-type=module', '-e', `import { createRequire } from 'node:module';
        import { PersonaQueue, QueueError, PersonaError } from '${join(root, 'dist', 'esm', 'queue.mjs')}';
        const cjs = createRequire(import.meta.url)('${join(root, 'dist', 'cjs', 'queue.js')}');
        console.log(PersonaQueue === cjs.PersonaQueue, new QueueError('x') instanceof PersonaError, PersonaQueue.name);`],
      { encoding: 'utf8' },
    ).trim();
    expect(both).toBe('true true PersonaQueue');
  });

  it('keeps class names, in the classes and in an uncaught error', () => {
    const names = `[ConfigurationError.name, PersonaGenerator.name, AsyncPersonaGenerator.name, ProviderError.name, inspect(new ConfigurationError('bad count')).split('\\n')[0]].join(' | ')`;
    const expected = 'ConfigurationError | PersonaGenerator | AsyncPersonaGenerator | ProviderError | ConfigurationError: bad count';
    expect(
      commonJs(`const { inspect } = require('node:util');
        const { ConfigurationError, PersonaGenerator, AsyncPersonaGenerator, ProviderError } = require('persona-rx');
        console.log(${names});`),
    ).toBe(expected);
    expect(
      esModule(`import { inspect } from 'node:util';
        import { ConfigurationError, PersonaGenerator, AsyncPersonaGenerator, ProviderError } from 'persona-rx';
        console.log(${names});`),
    ).toBe(expected);
    const uncaught = spawnSync('node', ['-e', `const { ConfigurationError } = require('persona-rx'); throw new ConfigurationError('bad count');`], {
      cwd: app,
      encoding: 'utf8',
    });
    expect(uncaught.status).toBe(1);
    expect(uncaught.stderr).toContain('ConfigurationError: bad count');
    expect(uncaught.stderr).not.toMatch(/_class|\[ConfigurationError\]/);
  });

  it('runs against the simulated server from import', () => {
    const output = esModule(
      `import { AsyncPersonaGenerator } from 'persona-rx';
       import { startFakeLlmServer } from 'persona-rx/testing';
       const server = await startFakeLlmServer();
       const generator = new AsyncPersonaGenerator({ provider: 'openai', baseURL: server.url });
       const result = await generator.agenerate({ count: 2, data: 'I want one dashboard. I hate slow exports.' });
       await server.close();
       console.log(result.personas.length, generator.provider);`,
    );
    expect(output).toBe('2 openai');
  });

  it('runs without @opentelemetry/api: an optional peer that installing the package leaves out, from require and import', () => {
    const manifest = JSON.parse(readFileSync(join(app, 'node_modules', 'persona-rx', 'package.json'), 'utf8')) as { peerDependenciesMeta?: Record<string, unknown> };
    expect(manifest.peerDependenciesMeta?.['@opentelemetry/api']).toEqual({ optional: true });
    expect(run('npm', ['ls', '@opentelemetry/api', '--all', '--parseable'])).toBe('');
    const generate = `const server = await startFakeLlmServer();
       const result = await new AsyncPersonaGenerator({ provider: 'openai', baseURL: server.url, telemetry: { recordContent: true } }).agenerate({ count: 1, data: 'I hate slow exports.' });
       await server.close();
       console.log(result.personas.length);`;
    expect(commonJs(`const { AsyncPersonaGenerator } = require('persona-rx'); const { startFakeLlmServer } = require('persona-rx/testing');
       (async () => { ${generate} })();`)).toBe('1');
    expect(esModule(`import { AsyncPersonaGenerator } from 'persona-rx'; import { startFakeLlmServer } from 'persona-rx/testing'; ${generate}`)).toBe('1');
  });

  it('type-checks a config and a run written as a user writes them, under tsc --strict, from CommonJS and ES modules', () => {
    const usage = `
      import { Observable } from 'rxjs';
      import { PersonaGenerator, type GenerationEvent, type PersonaConfig, type ProviderName } from 'persona-rx';
      const config: PersonaConfig = { count: 2, data: 'I want one dashboard.' };
      const generator = new PersonaGenerator({ provider: 'anthropic', apiKey: 'sk-not-used' });
      const provider: ProviderName = generator.provider;
      const run$: Observable<GenerationEvent> = generator.generate$(config);
      export { provider, run$ };
    `;
    writeFileSync(join(app, 'usage.ts'), usage);
    writeFileSync(join(app, 'usage.mts'), usage);
    writeFileSync(join(app, 'wrong.ts'), `import type { PersonaConfig } from 'persona-rx';\nexport const config: PersonaConfig = { count: '2' };\n`);
    // One compiler run for the three files (it is slow); skipLibCheck as `tsc --init` sets it.
    const compiled = spawnSync(
      bin('tsc'),
      ['--strict', '--noEmit', '--skipLibCheck', '--module', 'nodenext', '--target', 'es2022', 'usage.ts', 'usage.mts', 'wrong.ts'],
      { cwd: app, encoding: 'utf8' },
    );
    // The check can fail: only the config of the wrong shape is refused.
    expect(compiled.stdout.split('\n').filter((line) => /error TS/.test(line))).toEqual([
      expect.stringMatching(/^wrong\.ts\(2,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/),
    ]);
  });

  it('reads .docx, .pdf and .vtt research data from require and import (mammoth, PDF.js and the transcript reader load)', async () => {
    const folder = join(app, 'study');
    execFileSync('mkdir', ['-p', folder]);
    writeFileSync(join(folder, 'interview.docx'), await docxOf(['P1 (Sam, nurse): I chart everything twice.']));
    writeFileSync(join(folder, 'report.pdf'), pdfOf([['Stock checks take an hour.']]));
    writeFileSync(join(folder, 'call.vtt'), 'WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ana>Night shifts are the worst.\n');
    writeFileSync(join(folder, 'budget.xlsx'), 'PK');
    const expected = [
      { name: 'study/call.vtt', content: '\n\n\nAna: Night shifts are the worst.' },
      { name: 'study/interview.docx', content: 'P1 (Sam, nurse): I chart everything twice.' },
      { name: 'study/report.pdf', content: 'Stock checks take an hour.' },
    ];
    const fromRequire = commonJs(`require('persona-rx/node').aloadData('study').then((documents) => console.log(JSON.stringify(documents)))`);
    expect(JSON.parse(fromRequire)).toEqual(expected);
    const fromImport = esModule(`import { aloadData } from 'persona-rx/node'; console.log(JSON.stringify(await aloadData('study')));`);
    expect(JSON.parse(fromImport)).toEqual(expected);
  });

  it('installs the persona bin, which runs', () => {
    const help = run(join(app, 'node_modules', '.bin', 'persona'), ['--help']);
    expect(help).toMatch(/Usage: persona \[options\] \[command\]/);
    expect(help).toContain('generate');
  });

  it('runs persona demo with no key: the shipped data set, on the simulated provider', () => {
    const demo = spawnSync(join(app, 'node_modules', '.bin', 'persona'), ['demo', '--json'], { cwd: app, encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(demo.status).toBe(0);
    expect(demo.stderr).toContain(`(${join(app, 'node_modules', 'persona-rx', 'samples', 'data')})`);
    const [run] = JSON.parse(demo.stdout).runs;
    expect(run.result).toMatchObject({ provider: 'simulated', personas: [expect.anything(), expect.anything(), expect.anything()] });
  });
});
