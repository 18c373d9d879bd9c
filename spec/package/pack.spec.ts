import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
let project: string;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'persona-rx-pack-'));
  execFileSync('npm', ['pack', '--pack-destination', project, '--silent'], { cwd: root, stdio: 'ignore' });
  const [tarball] = readdirSync(project).filter((file) => file.endsWith('.tgz'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  execFileSync('npm', ['install', `./${tarball}`, '--prefer-offline', '--no-audit', '--no-fund', '--silent'], {
    cwd: project,
    stdio: 'ignore',
  });
}, 180_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

const node = (args: string[]): string => execFileSync('node', args, { cwd: project, encoding: 'utf8' }).trim();

describe('the packed package', () => {
  it('ships dist, README and CHANGELOG, and no sources or specs', () => {
    const listing = execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: root, encoding: 'utf8' });
    const files: string[] = JSON.parse(listing)[0].files.map((file: { path: string }) => file.path);
    expect(files).toEqual(expect.arrayContaining(['README.md', 'CHANGELOG.md', 'package.json', 'dist/cjs/index.js', 'dist/esm/index.mjs']));
    expect(files.filter((file) => !file.startsWith('dist/') && !['README.md', 'CHANGELOG.md', 'package.json', 'LICENSE'].includes(file))).toEqual([]);
  });

  it('loads its three entry points from require, sharing one core', () => {
    const output = node([
      '-e',
      `const core = require('persona-rx'), nodeOnly = require('persona-rx/node'), testing = require('persona-rx/testing');
       console.log([typeof core.PersonaGenerator, typeof core.AsyncPersonaGenerator, typeof nodeOnly.PersonaGenerator,
         typeof testing.startFakeLlmServer, core.PersonaError === nodeOnly.PersonaError].join(' '));`,
    ]);
    expect(output).toBe('function function function function true');
  });

  it('loads its three entry points from import and runs against the simulated server', () => {
    const output = node([
      '--input-type=module',
      '-e',
      `import { AsyncPersonaGenerator, PersonaError } from 'persona-rx';
       import * as nodeOnly from 'persona-rx/node';
       import { startFakeLlmServer } from 'persona-rx/testing';
       const server = await startFakeLlmServer();
       const generator = new AsyncPersonaGenerator({ provider: 'openai', baseURL: server.url });
       const result = await generator.agenerate({ count: 2, data: 'I want one dashboard. I hate slow exports.' });
       await server.close();
       console.log(result.personas.length, PersonaError === nodeOnly.PersonaError);`,
    ]);
    expect(output).toBe('2 true');
  });

  it('installs the persona bin, which runs', () => {
    const help = execFileSync(join(project, 'node_modules', '.bin', 'persona'), ['--help'], { cwd: project, encoding: 'utf8' });
    expect(help).toMatch(/Usage: persona \[options\] \[command\]/);
    expect(help).toContain('generate');
  });
});
