/**
 * One mistake, one exit code and one error code, across commands: `wes run` (local) and
 * `wes call` (through a real devnet node) are given the same mistakes; contract failures show
 * the status name and the contract's own message (SDK fail()).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileContract } from '../../contracts/build.mjs';
import { DevnetNode } from '../../internal/node/devnet-node.js';
import { Keystore } from '../../internal/cli/keystore.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist/internal/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'wes-mistake-'));
const keystore = join(dir, 'keystore.json');
let node: DevnetNode;
let wasm: string;
let contract: string;

interface Ran {
  code: number | null;
  out: string;
  err: string;
}

function wes(...args: string[]): Promise<Ran> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}
const client = (): string[] => ['--node', node.url, '--keystore', keystore, '--from', 'alice'];
const errorCode = (r: Ran): string => (JSON.parse(r.out) as { error: { code: string } }).error.code;

beforeAll(async () => {
  wasm = (await compileContract({ name: 'refuse', source: join(ROOT, 'test/cli/fixtures/refuse/contract.ts'), outDir: dir })).wasm;
  Keystore.open(keystore).create('alice');
  const alice = Keystore.open(keystore).get('alice').address;
  node = await DevnetNode.start({ dataDir: join(dir, 'data'), port: 0, blockIntervalMs: 50, genesis: [{ address: alice, amount: 10n ** 14n }] });
  const d = await wes('deploy', wasm, ...client(), '--json');
  expect(d.code, d.err).toBe(0);
  contract = (JSON.parse(d.out) as { contract: string }).contract;
}, 180_000);

afterAll(async () => {
  await node?.stop();
});

describe('the same mistake in wes run and wes call', () => {
  const mistakes: [string, string[], string, number][] = [
    ['an unknown method', ['Nope'], 'INPUT_METHOD_NOT_FOUND', 2],
    ['params that are not JSON', ['Deposit', '--params', '{amount'], 'INPUT_BAD_PARAMS', 2],
    ['a gas limit that is not a number', ['Deposit', '--gas', 'lots'], 'INPUT_BAD_AMOUNT', 2],
    ['a zero gas limit', ['Deposit', '--gas', '0'], 'INPUT_BAD_GAS_LIMIT', 2],
    ['an unknown flag', ['Deposit', '--bogus'], 'INPUT_USAGE', 2],
  ];
  it.each(mistakes)('%s: same exit code and error code', async (_what, args, code, exit) => {
    const [method, ...rest] = args as [string, ...string[]];
    const run = await wes('run', wasm, method, ...rest, '--json');
    const call = await wes('call', contract, method, ...rest, ...client(), '--json');
    expect(run.err).not.toMatch(/\n\s+at /);
    expect(call.err).not.toMatch(/\n\s+at /);
    expect([run.code, errorCode(run)], run.err).toEqual([exit, code]);
    expect([call.code, errorCode(call)], call.err).toEqual([exit, code]);
  }, 120_000);

  it('a contract failure exits 1 from both and shows the status name with the contract message', async () => {
    const run = await wes('run', wasm, 'Deposit', '--params', '{"amount":"0"}');
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/status\s+1 INVALID_PARAMS: amount must be a decimal > 0/);
    const sim = await wes('call', contract, 'Deposit', '--params', '{"amount":"0"}', '--simulate', ...client());
    expect(sim.code).toBe(1);
    expect(sim.out).toMatch(/status\s+1 INVALID_PARAMS: amount must be a decimal > 0/);
    const call = await wes('call', contract, 'Deposit', '--params', '{"amount":"0"}', ...client(), '--json');
    expect(call.code).toBe(1);
    const e = (JSON.parse(call.out) as { error: { code: string; message: string; details: Record<string, unknown> } }).error;
    expect(e.code).toBe('TX_CALL_FAILED');
    expect(e.message).toContain('INVALID_PARAMS: amount must be a decimal > 0');
    const runJson = JSON.parse((await wes('run', wasm, 'Deposit', '--params', '{"amount":"0"}', '--json')).out) as { statusName: string; message: string };
    expect(runJson).toMatchObject({ statusName: 'INVALID_PARAMS', message: 'amount must be a decimal > 0' });
  }, 120_000);

  it('a failure without a message shows the status name alone', async () => {
    const run = await wes('run', wasm, 'Closed');
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/status\s+4 NOT_FOUND\n/);
    const call = await wes('call', contract, 'Closed', ...client());
    expect(call.code).toBe(1);
    expect(call.err).toMatch(/the call failed in simulation \(NOT_FOUND\); nothing to sign \[TX_CALL_FAILED\]/);
  }, 120_000);
});
