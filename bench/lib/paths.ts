/** Paths relative to the repository root, whether running from sources or from dist/. */
import { join } from 'node:path';
import { repoRoot } from '../../internal/cli/repo-paths.js';

export { repoRoot };

export const fixturePath = (name: string): string => join(repoRoot(), '..', 'shared', 'fixtures', 'wes-tinygo', name, 'main.wasm');
