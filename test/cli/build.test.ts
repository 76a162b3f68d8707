import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCommand } from '../../internal/cli/commands/build.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
};

describe('wes build', () => {
  it('compiles a template to a checked .wasm and lists its methods', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'wes-build-'));
    const c = capture();
    const code = await buildCommand.run([join(ROOT, 'contracts/templates/counter'), '--out', outDir, '--json'], c.io);
    expect(code, c.err.join('\n')).toBe(0);
    const r = JSON.parse(c.out[0]!) as { wasm: string; methods: string[] };
    expect(existsSync(r.wasm)).toBe(true);
    expect(r.methods).toEqual(['Increment', 'Get', 'SayHello', 'GetGreetingCount']);
  });

  it('reports compiler errors with exit 1 and missing sources as typed errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wes-build-bad-'));
    writeFileSync(join(dir, 'contract.ts'), 'export function Run(): u32 { return undefined_name; }\n');
    const c = capture();
    expect(await buildCommand.run([dir], c.io)).toBe(1);
    expect(c.err.join('\n')).toMatch(/undefined_name|Cannot find name/);
    const empty = mkdtempSync(join(tmpdir(), 'wes-build-empty-'));
    await expect(buildCommand.run([empty], capture().io)).rejects.toMatchObject({ code: 'INPUT_NO_CONTRACT_SOURCE' });
  });
});
