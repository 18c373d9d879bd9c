import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'lib/index.ts', node: 'lib/node.ts', testing: 'lib/testing.ts', cli: 'lib/cli.ts' },
    format: ['cjs'],
    outDir: 'dist/cjs',
    // One copy of the core shared by the three entry points, so that classes (and instanceof)
    // and the secret registry are the same whichever entry point a caller imports.
    splitting: true,
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
  },
  {
    entry: { index: 'lib/index.ts', node: 'lib/node.ts', testing: 'lib/testing.ts', cli: 'lib/cli.ts' },
    format: ['esm'],
    outDir: 'dist/esm',
    outExtension: () => ({ js: '.mjs', dts: '.d.mts' }),
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
  },
]);
