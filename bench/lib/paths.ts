/** Paths relative to the repository root, whether running from sources or from dist/. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the repository root (package.json)');
    dir = up;
  }
  return dir;
}

export const fixturePath = (name: string): string => join(repoRoot(), '..', 'shared', 'fixtures', 'wes-tinygo', name, 'main.wasm');
