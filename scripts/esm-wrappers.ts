import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

/**
 * The ES-module entry points are thin wrappers over the CommonJS build, so that an app reaching
 * persona-rx through both `import` and `require` still gets one implementation: one set of error
 * classes (`instanceof` holds across both) and one secret registry.
 *
 * Each wrapper names every export explicitly rather than `export *` from CommonJS, so that Node and
 * bundlers see the names statically without guessing them from the CommonJS code.
 */
export function writeEsmWrappers(distDir: string, entries: readonly string[]): void {
  const esmDir = join(distDir, 'esm');
  rmSync(esmDir, { recursive: true, force: true });
  mkdirSync(esmDir, { recursive: true });
  const load = createRequire(resolve(distDir, 'cjs', 'package.json'));
  for (const entry of entries) {
    const names = Object.keys(load(`./${entry}.js`) as object).filter((name) => name !== '__esModule');
    writeFileSync(join(esmDir, `${entry}.mjs`), esmWrapper(entry, names));
    writeFileSync(join(esmDir, `${entry}.d.mts`), `export * from '../cjs/${entry}.js';\n`);
  }
}

function esmWrapper(entry: string, names: readonly string[]): string {
  return [`import implementation from '../cjs/${entry}.js';`, `export const { ${names.join(', ')} } = implementation;`, ''].join('\n');
}
