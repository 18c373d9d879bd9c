import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempDir {
  readonly path: string;
  /** Writes `content` at `relative` (parent directories made) and returns the full path. */
  write(relative: string, content: string | Buffer): string;
}

/** A fresh directory under the system's temp directory for each test, removed after it. */
export function useTempDir(prefix = 'persona-rx-'): TempDir {
  let path = '';
  beforeEach(() => {
    path = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => {
    rmSync(path, { recursive: true, force: true });
  });
  return {
    get path() {
      return path;
    },
    write(relative, content) {
      const target = join(path, relative);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
      return target;
    },
  };
}
