/**
 * The AssemblyScript SDK's Token helpers (UTXOs of the contract's own fungible class) through
 * the real engine: mint creates a token output in the draft, balanceOf sums the owner's
 * unspent outputs (chain plus this call's draft), transfer selects inputs and adds change.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { addressToBase58, toHex, tryUtf8 } from '../../pkg/encoding.js';
import { createEngine } from '../../internal/core/engines/wasm/manager/container.js';
import { memoryChainFromText } from '../../internal/core/chain/memory-chain-view.js';
import { address, testContext } from '../helpers/context.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ALICE = address(0xa1);
const BOB = address(0xb0);
let code: Uint8Array;

beforeAll(async () => {
  const build = (await import(pathToFileURL(join(ROOT, 'contracts/build.mjs')).href)) as {
    compileContract(e: { name: string; source: string; outDir: string }): Promise<{ wasm: string }>;
  };
  const out = await build.compileContract({ name: 'utxo-token', source: join(ROOT, 'test/contracts/fixtures/utxo-token/contract.ts'), outDir: mkdtempSync(join(tmpdir(), 'wes-utxo-')) });
  code = new Uint8Array(readFileSync(out.wasm));
});

async function call(method: string, params: unknown, chainJson = '{}', caller = ALICE) {
  const engine = createEngine();
  const summary = await engine.prepare(code);
  const chain = memoryChainFromText(chainJson, 'test', { self: summary.contractAddress });
  return engine.call({ code, method, payload: new TextEncoder().encode(JSON.stringify(params)), gasLimit: 10_000_000n, context: testContext({ caller, chain }) });
}

const gold = (owner: Uint8Array, amount: string, n: number) => ({ txId: toHex(new Uint8Array(32).fill(n)), index: 0, owner: toHex(owner), amount, token: { contract: 'self', classId: 'gold' } });

describe('SDK Token helpers on the engine', () => {
  it('mint adds a token output of the contract\'s own class', async () => {
    const r = await call('Mint', { to: addressToBase58(BOB), amount: '500' });
    expect(r.statusName).toBe('SUCCESS');
    const out = r.draft!.outputs[0]!;
    expect(out.owner).toEqual(BOB);
    expect(out.content).toMatchObject({ type: 'asset', asset: { kind: 'token', classId: new TextEncoder().encode('gold'), amount: 500n } });
  });

  it('balanceOf sums the owner\'s unspent outputs of that class', async () => {
    const chain = JSON.stringify({ utxos: [gold(ALICE, '70', 1), gold(ALICE, '30', 2), gold(BOB, '5', 3)] });
    const r = await call('Balance', { owner: addressToBase58(ALICE) }, chain);
    expect(tryUtf8(r.returnData)).toBe('100');
  });

  it('transfer spends the caller\'s coins with change, and refuses more than they hold', async () => {
    const chain = JSON.stringify({ utxos: [gold(ALICE, '70', 1), gold(ALICE, '30', 2)] });
    const r = await call('Send', { to: addressToBase58(BOB), amount: '80' }, chain);
    expect(r.statusName).toBe('SUCCESS');
    expect(r.draft!.inputs.map((i) => i.outPoint.txId[0])).toEqual([2, 1]); // ascending accumulation
    const amounts = r.draft!.outputs.map((o) => (o.content.type === 'asset' ? [toHex(o.owner), o.content.asset.amount] : null));
    expect(amounts).toEqual([[toHex(BOB), 80n], [toHex(ALICE), 20n]]);
    expect(JSON.parse(tryUtf8(r.returnData)!)).toMatchObject({ mode: 'unsigned', error: '' });
    const poor = await call('Send', { to: addressToBase58(BOB), amount: '101' }, chain);
    expect(poor.statusName).toBe('INSUFFICIENT_BALANCE');
  });
});
