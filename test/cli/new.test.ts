/**
 * `wes new`: the scaffolded project builds and passes its own test OUTSIDE this repository, with
 * the SDK imported by package name; every template does; the asconfig flags give the same wasm
 * as the pinned `wes build`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { newCommand } from '../../internal/cli/commands/new.js';
import { buildCommand } from '../../internal/cli/commands/build.js';
import { ASCONFIG } from '../../internal/cli/scaffold/project.js';
import { TEMPLATE_NAMES } from '../../internal/cli/scaffold/template-tests.js';
import { ASC_FLAGS } from '../../contracts/build.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
};
// Outside the repository, so nothing resolves through the repository's own node_modules.
const WORK = mkdtempSync(join(tmpdir(), 'wes-new-'));
const npm = (cwd: string, args: string[]) => spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd, encoding: 'utf8', timeout: 600_000 });

async function scaffold(name: string, template: string): Promise<string> {
  const dir = join(WORK, name);
  const c = capture();
  expect(await newCommand.run([dir, '--template', template, '--json'], c.io), c.err.join('\n')).toBe(0);
  return dir;
}

let first: string;

beforeAll(async () => {
  // The harness package runs the compiled engine (dist/).
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'pipe' });
  first = await scaffold('counter-app', 'counter');
  const install = npm(first, ['install', '--prefer-offline', '--no-audit', '--no-fund']);
  expect(install.status, `${install.stdout}\n${install.stderr}`).toBe(0);
}, 600_000);

describe('wes new', () => {
  it('writes a project whose test passes outside the repository, importing the SDK by name', () => {
    expect(readFileSync(join(first, 'assembly/contract.ts'), 'utf8')).toContain('from "@wes-engine/sdk"');
    const pkg = JSON.parse(readFileSync(join(first, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['@wes-engine/sdk']).toBe(`file:${join(ROOT, 'contracts/sdk/assemblyscript')}`);
    const test = npm(first, ['test']);
    expect(test.status, `${test.stdout}\n${test.stderr}`).toBe(0);
    expect(test.stdout).toMatch(/Tests\s+.*2 passed/);
  }, 600_000);

  it('its asconfig.json pins the same flags as make contracts (same wasm as wes build)', async () => {
    const t = ASCONFIG.targets.release;
    expect(['--runtime', t.runtime, '--optimizeLevel', String(t.optimizeLevel), '--shrinkLevel', String(t.shrinkLevel), '--noColors']).toEqual(ASC_FLAGS);
    const c = capture();
    expect(await buildCommand.run([first, '--json'], c.io), c.err.join('\n')).toBe(0);
    const built = JSON.parse(c.out[0]!) as { wasm: string };
    expect(readFileSync(built.wasm).equals(readFileSync(join(first, 'build/contract.wasm')))).toBe(true);
  }, 300_000);

  it.each(TEMPLATE_NAMES.filter((t) => t !== 'counter'))('template %s builds and passes its test', async (template) => {
    const dir = await scaffold(`${template}-app`, template);
    symlinkSync(join(first, 'node_modules'), join(dir, 'node_modules'), 'dir'); // same dependencies: install once
    const test = npm(dir, ['test']);
    expect(test.status, `${test.stdout}\n${test.stderr}`).toBe(0);
    expect(test.stdout).toMatch(/Tests\s+.*passed/);
  }, 300_000);

  it("docs/contract-guide.md's contract and test work as written", async () => {
    const guide = readFileSync(join(ROOT, 'docs/contract-guide.md'), 'utf8');
    const [contract, test] = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const dir = await scaffold('auction', 'empty');
    writeFileSync(join(dir, 'assembly/contract.ts'), contract!);
    writeFileSync(join(dir, 'test/contract.test.ts'), test!);
    symlinkSync(join(first, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const run = npm(dir, ['test']);
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/Tests\s+.*1 passed/);
  }, 300_000);

  it('refuses a non-empty directory, an unknown template and a bad package name', async () => {
    const full = join(WORK, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'x'), '');
    await expect(newCommand.run([full], capture().io)).rejects.toMatchObject({ code: 'INPUT_FILE_EXISTS' });
    await expect(newCommand.run([join(WORK, 'a'), '--template', 'dex'], capture().io)).rejects.toThrow(/unknown template "dex"; templates: counter, token/);
    await expect(newCommand.run([join(WORK, 'Bad Name')], capture().io)).rejects.toMatchObject({ code: 'INPUT_USAGE' });
  });
});
