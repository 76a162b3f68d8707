/**
 * Argument mistakes in the real binary: a message naming the mistake, exit 2, no stack trace,
 * and with --json one `{"error":{code,message,details}}` object on stdout.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = join(fileURLToPath(new URL('../..', import.meta.url)), 'dist/internal/cli/main.js');
const ADDR = 'CGZCSzBowAqgHcXPtMT3vs7ycp8hLi5UAD';

function wes(name: string, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  // A node URL nothing listens on: these mistakes must be caught before any request.
  const child = spawn(process.execPath, [CLI, name, '--node', 'http://127.0.0.1:9', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

describe('wes usage errors', () => {
  it('names the mistake and exits 2 without a stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [['send', ADDR, '1.5'], /whole, positive number .* got "1.5" \[INPUT_BAD_AMOUNT\]/],
      [['send', ADDR, '1e9'], /got "1e9"/],
      [['send', ADDR, '99999999999999999999'], /below 2\^64/],
      [['send', ADDR, '10', '--bogus'], /Unknown option '--bogus'.*\[INPUT_USAGE\]/],
      [['send', ADDR, '10', '--from'], /Option '--from.*' argument missing.*\[INPUT_USAGE\]/],
      [['send', ADDR, '10', '--max-fee', 'lots'], /--max-fee must be a whole number.*\[INPUT_BAD_AMOUNT\]/],
    ];
    const results = await Promise.all(cases.map(([[name, ...args]]) => wes(name!, ...args)));
    results.forEach((r, i) => {
      expect(r.err, cases[i]![0].join(' ')).toMatch(cases[i]![1]);
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(r.code, `${cases[i]![0].join(' ')}: ${r.err}`).toBe(2);
    });
  }, 60_000);

  it('with --json prints the error object on stdout', async () => {
    const r = await wes('send', ADDR, 'abc', '--json');
    expect(r.code).toBe(2);
    const body = JSON.parse(r.out) as { error: { code: string; message: string; details: unknown } };
    expect(body.error.code).toBe('INPUT_BAD_AMOUNT');
    expect(body.error.message).toMatch(/"abc"/);
  }, 60_000);
});
