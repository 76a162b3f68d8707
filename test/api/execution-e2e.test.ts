/**
 * Execution at inclusion, end to end over the devnet API with the CLI as users run it: ten
 * holders of the AssemblyScript token transfer to the same merchant at the same time and all
 * are included; a read-only call is answered without submitting; coin sent to a contract
 * address arrives under its ContractLock; a transaction reports pending/included.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevnetNode } from '../../internal/node/devnet-node.js';
import { COMMANDS } from '../../internal/cli/commands/index.js';
import { Keystore } from '../../internal/cli/keystore.js';
import { ApiClient } from '../../internal/cli/api-client.js';
import type { TxView } from '../../internal/api/node-service.js';
import { wat } from '../helpers/wat.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HOLDERS = 10;

const dir = mkdtempSync(join(tmpdir(), 'wes-exec-e2e-'));
const keystore = join(dir, 'keystore.json');
let node: DevnetNode;
let merchant = '';
const holders: string[] = [];

async function wes(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const [name, ...rest] = args;
  const cmd = COMMANDS.find((c) => c.name === name)!;
  const out: string[] = [];
  const err: string[] = [];
  const code = await cmd.run([...rest, '--node', node.url, '--keystore', keystore, '--json'], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function wesJson<T>(...args: string[]): Promise<T> {
  const r = await wes(...args);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as T;
}

beforeAll(async () => {
  execFileSync(process.execPath, ['contracts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
  const ks = Keystore.open(keystore);
  const alice = ks.create('alice').address;
  merchant = ks.create('merchant').address;
  for (let i = 0; i < HOLDERS; i++) holders.push(ks.create(`holder${i}`).address);
  node = await DevnetNode.start({ dataDir: join(dir, 'data'), port: 0, blockIntervalMs: 300, genesis: [{ address: Keystore.open(keystore).get('alice').address, amount: 10n ** 14n }] });
  void alice;
}, 120_000);

afterAll(async () => {
  await node?.stop();
});

describe('execution at inclusion over the devnet API', () => {
  let token = '';

  it('ten holders transfer to the same merchant at the same time, and every transfer is included', async () => {
    token = (await wesJson<{ contract: string }>('deploy', join(ROOT, 'contracts/build/token.wasm'), '--from', 'alice')).contract;
    await wesJson('call', token, 'Initialize', '--params', '{"name":"Gold","symbol":"GLD","supply":"100000"}', '--from', 'alice');
    for (const h of holders) {
      await wesJson('send', h, '5000000', '--from', 'alice'); // one UTXO each
      await wesJson('call', token, 'Transfer', '--params', JSON.stringify({ to: h, amount: '100' }), '--from', 'alice');
    }
    const results = await Promise.all(holders.map((_, i) => wes('call', token, 'Transfer', '--params', JSON.stringify({ to: merchant, amount: '7' }), '--from', `holder${i}`)));
    for (const r of results) {
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ status: 'included' });
    }
    const bal = await wesJson<{ returnText?: string }>('call', token, 'BalanceOf', '--params', JSON.stringify({ address: merchant }), '--simulate', '--from', 'merchant');
    expect(bal.returnText).toContain(String(7 * HOLDERS));
    const tx = await new ApiClient(node.url).get<TxView>(`/v1/transactions/${(JSON.parse(results[0]!.out) as { txId: string }).txId}`);
    expect(tx.status).toBe('included');
  }, 180_000);

  it('a read-only call is answered from its simulation and not submitted unless forced', async () => {
    const r = await wesJson<{ submitted: boolean; readOnly: boolean; txId: string | null; simulation: { returnText?: string } }>(
      'call', token, 'BalanceOf', '--params', JSON.stringify({ address: merchant }), '--from', 'merchant',
    );
    expect(r).toMatchObject({ submitted: false, readOnly: true, txId: null });
    expect(r.simulation.returnText).toContain(String(7 * HOLDERS));
    const forced = await wesJson<{ txId: string; status: string }>('call', token, 'BalanceOf', '--params', JSON.stringify({ address: merchant }), '--from', 'alice', '--force');
    expect(forced.status).toBe('included');
  });

  it('one code, two independent instances: wes deploy twice (once with --init), the API lists both', async () => {
    const wasm = join(ROOT, 'contracts/build/token.wasm');
    const second = await wesJson<{ contract: string; codeHash: string; init: { status: string } }>(
      'deploy', wasm, '--init', 'Initialize', '--params', '{"name":"Silver","symbol":"SLV","supply":"500"}', '--from', 'holder0',
    );
    expect(second.contract).not.toBe(token);
    expect(second.init.status).toBe('included');
    const client = new ApiClient(node.url);
    const a = await client.get<{ codeHash: string }>(`/v1/contracts/${token}`);
    expect(a.codeHash).toBe(second.codeHash);
    const code = await client.get<{ instances: string[]; totalInstances: number }>(`/v1/codes/${second.codeHash}`);
    expect(code.totalInstances).toBe(2);
    expect([...code.instances].sort()).toEqual([token, second.contract].sort());
    // Independent state: holder0 holds the 500 SLV of the new instance; the merchant holds none of
    // it, and still 70 GLD in the first.
    const slv = await wesJson<{ returnText?: string }>('call', second.contract, 'BalanceOf', '--params', JSON.stringify({ address: holders[0] }), '--simulate', '--from', 'holder0');
    expect(slv.returnText).toContain('500');
    const none = await wesJson<{ returnText?: string }>('call', second.contract, 'BalanceOf', '--params', JSON.stringify({ address: merchant }), '--simulate', '--from', 'merchant');
    expect(none.returnText).not.toContain(String(7 * HOLDERS));
    const gld = await wesJson<{ returnText?: string }>('call', token, 'BalanceOf', '--params', JSON.stringify({ address: merchant }), '--simulate', '--from', 'merchant');
    expect(gld.returnText).toContain(String(7 * HOLDERS));
    expect(gld.returnText).not.toContain('500');
  });

  it('attached funds are visible to the call in simulation (worker) and at inclusion', async () => {
    const file = join(dir, 'purse.wasm');
    writeFileSync(file, await wat(`(module
      (import "env" "get_contract_address" (func $self (param i32) (result i32)))
      (import "env" "query_utxo_balance" (func $bal (param i32 i32 i32) (result i64)))
      (import "env" "set_return_data" (func $ret (param i32 i32) (result i32)))
      (memory (export "memory") 1)
      (func (export "Balance") (result i32)
        (drop (call $self (i32.const 0)))
        (i64.store (i32.const 100) (call $bal (i32.const 0) (i32.const 0) (i32.const 0)))
        (drop (call $ret (i32.const 100) (i32.const 8)))
        (i32.const 0)))`));
    const purse = (await wesJson<{ contract: string }>('deploy', file, '--from', 'alice')).contract;
    const le = (hex: string): bigint => Buffer.from(hex, 'hex').readBigUInt64LE(0);
    const sim = await wesJson<{ returnData: string }>('call', purse, 'Balance', '--funds', '1234', '--simulate', '--from', 'alice');
    expect(le(sim.returnData)).toBe(1234n);
    const first = await wesJson<{ status: string; receipt: { returnData: string } }>('call', purse, 'Balance', '--funds', '1234', '--from', 'alice');
    expect(first.status).toBe('included');
    const second = await wesJson<{ status: string; receipt: { returnData: string } }>('call', purse, 'Balance', '--funds', '1000', '--from', 'alice');
    expect(le(second.receipt.returnData)).toBe(2234n); // the earlier funds are still the contract's
  });

  it('native coin sent to a contract address arrives under its ContractLock', async () => {
    await wesJson('send', token, '4321', '--from', 'alice');
    const reply = await new ApiClient(node.url).get<{ utxos: { output: { locks: { kind: string }[]; content: { type: string; asset?: { kind: string; amount: string } } } }[] }>(`/v1/accounts/${token}/utxos`);
    const coins = reply.utxos.filter((u) => u.output.content.type === 'asset');
    expect(coins.map((u) => [u.output.content.asset?.amount, u.output.locks.map((l) => l.kind)])).toEqual([['4321', ['contract']]]);
  });
});
