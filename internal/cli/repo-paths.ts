/** Where the repository's own files are, whether the CLI runs from sources or from dist/. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'contracts'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the wes-engine repository root');
    dir = up;
  }
  return dir;
}
