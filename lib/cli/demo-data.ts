import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataError } from '../errors';

const DEMO_DATA = join('samples', 'data');

/**
 * The small research data set shipped inside the package (`samples/data/`, listed in its
 * `files`). Found from this module upwards, so that it is the same folder from the sources
 * (`lib/cli/`) and from the build (`dist/cjs/`).
 */
export function demoDataDirectory(from: string = __dirname): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, DEMO_DATA))) return join(dir, DEMO_DATA);
  }
  throw new DataError(`The demo research data (${DEMO_DATA}) is missing from this installation of persona-rx: reinstall the package`);
}
