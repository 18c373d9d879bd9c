import { defineConfig } from 'tsup';
import { writeEsmWrappers } from './scripts/esm-wrappers';

const LIBRARY_ENTRIES = ['index', 'node', 'testing', 'queue'] as const;

export default defineConfig({
  entry: { index: 'lib/index.ts', node: 'lib/node.ts', testing: 'lib/testing.ts', queue: 'lib/queue.ts', cli: 'lib/cli.ts' },
  // Optional peers, installed by the apps that use persona-rx/queue: never bundled.
  external: ['bullmq', 'ioredis'],
  format: ['cjs'],
  outDir: 'dist/cjs',
  // One copy of the core shared by the entry points, so that classes (and instanceof) and the
  // secret registry are the same whichever entry point a caller imports.
  splitting: true,
  // Error and generator classes keep their names (`ConfigurationError.name`, util.inspect).
  keepNames: true,
  dts: true,
  // No source maps in the package: tsup's CommonJS pass writes maps whose `sources` are the build
  // machine's absolute paths, and lib/ is not shipped for a map to point into.
  sourcemap: false,
  clean: true,
  target: 'node20',
  onSuccess: async () => writeEsmWrappers('dist', LIBRARY_ENTRIES),
});
