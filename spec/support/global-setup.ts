import { execFileSync } from 'node:child_process';
import type { Config } from 'jest';

/** Spec folders that load the built package the way users do (spec/cli runs the built bin, spec/readme the README's code). */
const NEEDS_DIST = /package|browser|cli|readme/;

/**
 * Builds dist/ once before the specs that load it: building in each of them would race on the
 * same folder. A run narrowed to other specs (a path pattern on the command line) skips it.
 */
export default function globalSetup(globalConfig: { testPathPatterns?: { patterns: string[] } } & Partial<Config>): void {
  const patterns = globalConfig.testPathPatterns?.patterns ?? [];
  if (patterns.length > 0 && !patterns.some((pattern) => NEEDS_DIST.test(pattern))) return;
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: `${__dirname}/../..`, stdio: 'ignore' });
}
