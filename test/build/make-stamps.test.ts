/**
 * A second `make run` recompiles nothing when no source changed (make stamps), and a changed
 * source does trigger the compile; every long step announces itself. Uses `make -n` (print, do not
 * run) and `-W` (pretend a file changed), so the checkout is not touched.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const make = (...args: string[]): string => execFileSync('make', ['--no-print-directory', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });

beforeAll(() => {
  make('build', 'contracts'); // brings the stamps up to date (a no-op under `make test`)
}, 600_000);

describe('make run on an unchanged checkout', () => {
  it('only starts the node: no npm ci, no tsc, no asc', () => {
    const plan = make('-n', 'run');
    expect(plan).toContain('node --devnet');
    expect(plan).not.toMatch(/npm ci|typescript\/bin\/tsc|contracts\/build\.mjs/);
  });

  it('recompiles TypeScript when a source changed, and the contracts when a template did, saying so', () => {
    const ts = make('-n', '-W', 'internal/cli/main.ts', 'run');
    expect(ts).toMatch(/echo "build: compiling TypeScript \(tsc, incremental\) …"\n.*typescript\/bin\/tsc -p tsconfig.json/);
    expect(ts).not.toContain('contracts/build.mjs');
    const asc = make('-n', '-W', 'contracts/templates/counter/contract.ts', 'run');
    expect(asc).toMatch(/echo "contracts: compiling AssemblyScript templates \(asc\) …"\n.*contracts\/build\.mjs/);
    expect(asc).not.toContain('typescript/bin/tsc');
  });
});
