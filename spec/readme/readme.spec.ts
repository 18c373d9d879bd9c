import { execFile, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeLlmServer, type FakeLlmServer } from '../../lib/testing';
import { startRedis, type RedisServer } from '../queue/support/redis-server';
import { typeScriptBlocks, type CodeBlock } from './support/code-blocks';

/**
 * Every ```ts block of README.md, as a reader would paste it into an ES-module app that has
 * installed persona-rx (the built package), rxjs and OpenTelemetry: compiled with tsc --strict, then run with
 * node against the simulated server. The only thing filled in is where the providers are: their
 * usual environment variables point at the simulated server. The working folder holds the
 * research data files the blocks name.
 */
const ROOT = join(__dirname, '..', '..');
const blocks = typeScriptBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
const fileOf = (block: CodeBlock): string => `block-line-${block.line}`;

let app: string;
let server: FakeLlmServer;
let diagnostics: string[];
/** The "Across machines" example's Redis: a real one, as its readers run. */
let redis: RedisServer;

beforeAll(async () => {
  redis = await startRedis();
  app = mkdtempSync(join(tmpdir(), 'persona-readme-'));
  mkdirSync(join(app, 'node_modules'));
  symlinkSync(ROOT, join(app, 'node_modules', 'persona-rx'));
  symlinkSync(join(ROOT, 'node_modules', 'rxjs'), join(app, 'node_modules', 'rxjs'));
  // The tracing section's OpenTelemetry API and SDK, as an app that traces installs them.
  symlinkSync(join(ROOT, 'node_modules', '@opentelemetry'), join(app, 'node_modules', '@opentelemetry'));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'readme-app', private: true, type: 'module' }));
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: 'ES2022',
        module: 'node16',
        moduleResolution: 'node16',
        lib: ['ES2022', 'DOM'],
        types: ['node'],
        typeRoots: [join(ROOT, 'node_modules', '@types')],
        skipLibCheck: true,
        rootDir: 'src',
        outDir: 'out',
      },
      include: ['src'],
    }),
  );
  mkdirSync(join(app, 'src'));
  for (const block of blocks.filter((each) => each.skip?.step !== 'compile')) writeFileSync(join(app, 'src', `${fileOf(block)}.ts`), block.code);
  cpSync(join(ROOT, 'samples', 'data', 'interviews.md'), join(app, 'interviews.md'));
  cpSync(join(ROOT, 'samples', 'data', 'survey.csv'), join(app, 'survey.csv'));
  mkdirSync(join(app, 'notes'));
  cpSync(join(ROOT, 'samples', 'data', 'support-tickets.txt'), join(app, 'notes', 'support-tickets.txt'));
  const compiled = spawnSync('node', [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], { cwd: app, encoding: 'utf8' });
  diagnostics = compiled.stdout.split('\n').filter((line) => /error TS/.test(line));
}, 120_000);

beforeEach(async () => {
  server = await startFakeLlmServer();
});
afterEach(() => server.close());
afterAll(async () => {
  rmSync(app, { recursive: true, force: true });
  await redis.stop();
});

const providersAtTheSimulatedServer = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  OPENAI_API_KEY: 'sk-readme-000001',
  OPENAI_BASE_URL: server.url,
  ANTHROPIC_API_KEY: 'sk-ant-readme-000001',
  ANTHROPIC_BASE_URL: server.origin,
  GEMINI_API_KEY: 'gemini-readme-000001',
  GOOGLE_GEMINI_BASE_URL: server.origin,
  OLLAMA_HOST: server.origin,
  REDIS_PORT: String(redis.port),
});

describe('README.md', () => {
  it('has TypeScript blocks, and marks only a few as not run', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(10);
    expect(blocks.filter((block) => block.skip).length).toBeLessThanOrEqual(3);
  });

  it.each(blocks.map((block) => [block.line, block] as const))('the block at line %i compiles under strict', (_line, block) => {
    if (block.skip?.step === 'compile') return;
    expect(diagnostics.filter((line) => line.startsWith(`src/${fileOf(block)}.ts`))).toEqual([]);
  });

  it.each(blocks.map((block) => [block.line, block] as const))('the block at line %i runs against the simulated server', async (_line, block) => {
    if (block.skip) return;
    // Asynchronously: the simulated server answers from this process.
    const failure = await new Promise<{ code: unknown; stderr: string } | undefined>((resolve) => {
      const options = { cwd: app, env: providersAtTheSimulatedServer(), timeout: 60_000 };
      execFile('node', [join(app, 'out', `${fileOf(block)}.js`)], options, (error, _stdout, stderr) =>
        resolve(error || stderr ? { code: error?.code, stderr } : undefined),
      );
    });
    expect(failure).toBeUndefined();
  }, 90_000);
});

