import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCommand } from '../../internal/cli/commands/check.js';
import type { CliIO } from '../../internal/cli/command.js';
import { wat } from '../helpers/wat.js';

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

const FIXTURE = new URL('../../../shared/fixtures/wes-tinygo/simple-token/main.wasm', import.meta.url);

describe('wes check', () => {
  it('accepts the TinyGo simple-token fixture and lists imports, exports and methods', async () => {
    const io = capture();
    const code = await checkCommand.run([FIXTURE.pathname], io);
    const text = io.stdout.join('\n');
    expect(code).toBe(0);
    expect(text).toContain('OK');
    expect(text).toContain('env.host_build_transaction');
    expect(text).toContain('wasi_snapshot_preview1.random_get');
    expect(text).toMatch(/methods\s+Initialize, Mint, Transfer, BalanceOf, TotalSupply/);
    expect(text).toMatch(/size\s+202858 bytes/);
  });

  it('names the failed rule and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wes-check-'));
    const file = join(dir, 'bad.wasm');
    writeFileSync(file, await wat('(module (import "env" "steal" (func)) (memory 1))'));
    const io = capture();
    expect(await checkCommand.run([file], io)).toBe(1);
    expect(io.stdout.join('\n')).toMatch(/REJECTED — rule UNKNOWN_IMPORT failed[\s\S]*env\.steal/);
    const json = capture();
    expect(await checkCommand.run([file, '--json'], json)).toBe(1);
    expect(JSON.parse(json.stdout[0]!)).toMatchObject({ ok: false, rule: 'UNKNOWN_IMPORT', code: 'LOAD_UNKNOWN_IMPORT' });
  });

  it('usage errors exit 2; unreadable files are typed input errors', async () => {
    const io = capture();
    expect(await checkCommand.run([], io)).toBe(2);
    await expect(checkCommand.run(['/nonexistent/x.wasm'], capture())).rejects.toMatchObject({ code: 'INPUT_FILE_NOT_READABLE' });
  });
});
