import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'lib/index.ts', node: 'lib/node.ts', testing: 'lib/testing.ts' },
    format: ['cjs'],
    outDir: 'dist/cjs',
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
  },
  {
    entry: { index: 'lib/index.ts', node: 'lib/node.ts', testing: 'lib/testing.ts' },
    format: ['esm'],
    outDir: 'dist/esm',
    outExtension: () => ({ js: '.mjs', dts: '.d.mts' }),
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
  },
]);
