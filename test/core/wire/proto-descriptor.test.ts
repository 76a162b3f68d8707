/** The checked-in descriptor must be what scripts/gen-proto.mjs makes from proto/ right now. */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

describe('proto descriptor', () => {
  it('is up to date with proto/ (run `npm run proto` if this fails)', () => {
    const run = spawnSync(process.execPath, ['scripts/gen-proto.mjs', '--check'], { cwd: repo, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
