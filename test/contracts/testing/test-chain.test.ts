/**
 * The contract-author test harness (contracts/testing): state persists across calls, calls run
 * as any address with funds attached, blocks and time advance, failures leave nothing behind.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { TestChain } from '../../../contracts/testing/src/index.js';
import { compileContract } from '../../../contracts/build.mjs';
import { memoryChainFromText } from '../../../internal/core/chain/memory-chain-view.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const wasm = (name: string): string => join(ROOT, 'contracts', 'build', `${name}.wasm`);
let vault: string;

beforeAll(async () => {
  execFileSync(process.execPath, ['contracts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
  const out = mkdtempSync(join(tmpdir(), 'wes-vault-'));
  vault = (await compileContract({ name: 'vault', source: join(ROOT, 'test/contracts/fixtures/vault/contract.ts'), outDir: out })).wasm;
});

describe('TestChain', () => {
  it('keeps state between calls and records events with their call', async () => {
    const chain = new TestChain();
    const counter = await chain.deploy(wasm('counter'));
    expect((await counter.call('Increment', { by: '5' })).ok).toBe(true);
    const second = await counter.call('Increment');
    expect(second.returned).toBe('6');
    expect((await counter.view('Get')).returned).toBe('6');
    expect(counter.state('count')).toBe('6');
    expect(chain.height).toBe(2n);
    const events = counter.events();
    expect(events.map((e) => e.height)).toEqual([1n, 2n]);
    expect(events[1]!.txHash).toBe(second.txHash);
    expect(second.events[0]!.json).toEqual({ name: 'Incremented', data: { value: '6' } });
  });

  it('a failed call and a view change nothing', async () => {
    const chain = new TestChain();
    const counter = await chain.deploy(wasm('counter'));
    const bad = await counter.call('Increment', { by: '0' });
    expect(bad.ok).toBe(false);
    expect(bad.status).toBe('INVALID_PARAMS');
    expect(bad.message).toBe('INVALID_PARAMS'); // the counter gives no reason
    await counter.view('Increment', { by: '3' });
    expect(counter.state('count')).toBeUndefined();
    expect(chain.height).toBe(0n);
  });

  it('calls as any address: the token owner check sees the caller', async () => {
    const chain = new TestChain();
    const token = await chain.deploy(wasm('token'));
    const alice = chain.account('alice');
    const bob = chain.account('bob');
    expect((await token.call('Initialize', { name: 'Gold', symbol: 'GLD', supply: '1000' }, { from: alice })).ok).toBe(true);
    expect((await token.call('Mint', { to: bob, amount: '5' }, { from: bob })).status).toBe('UNAUTHORIZED');
    expect((await token.call('Transfer', { to: bob, amount: '250' }, { from: alice })).ok).toBe(true);
    expect((await token.view('BalanceOf', { address: bob })).returned).toBe('250');
  });

  it('advances blocks and time: an escrow unlocks at its height', async () => {
    const chain = new TestChain();
    const escrow = await chain.deploy(wasm('escrow'));
    const alice = chain.account('alice');
    const bob = chain.account('bob');
    expect((await escrow.call('Create', { id: 'e1', beneficiary: bob, amount: '10', unlockHeight: '20' }, { from: alice })).ok).toBe(true);
    expect((await escrow.call('Release', { id: 'e1' }, { from: bob })).status).toBe('INVALID_STATE');
    chain.advanceBlocks(30);
    expect(chain.height).toBe(31n);
    expect((await escrow.call('Release', { id: 'e1' }, { from: bob })).ok).toBe(true);

    const timed = await chain.deploy(wasm('escrow'));
    const unlockTime = chain.time + 3600n;
    expect((await timed.call('Create', { id: 'e2', beneficiary: bob, amount: '1', unlockTime: unlockTime.toString() }, { from: alice })).ok).toBe(true);
    expect((await timed.call('Release', { id: 'e2' }, { from: bob })).status).toBe('INVALID_STATE');
    chain.advanceTime(3600);
    expect((await timed.call('Release', { id: 'e2' }, { from: bob })).ok).toBe(true);
  });

  it('attaches funds to a call, reads balances, and rolls attached funds back on failure', async () => {
    const chain = new TestChain();
    const v = await chain.deploy(vault);
    const alice = chain.account('alice');
    chain.fund(alice, 1000n);
    expect(chain.balance(alice)).toBe(1000n);
    const held = await v.call('Held', undefined, { from: alice, attach: 300n });
    expect(held.returned).toBe('300');
    expect(chain.balance(alice)).toBe(700n);
    expect(chain.balance(v.address)).toBe(300n);
    expect((await v.call('MintGold', { amount: '0' }, { from: alice, attach: 100n })).ok).toBe(false);
    expect(chain.balance(alice)).toBe(700n);
    await expect(v.call('Held', undefined, { from: alice, attach: 5000n })).rejects.toThrow(/has 700, needs 5000/);
  });

  it('token outputs a call creates show up as balances', async () => {
    const chain = new TestChain();
    const v = await chain.deploy(vault);
    const bob = chain.account('bob');
    expect((await v.call('MintGold', { amount: '42' }, { from: bob })).ok).toBe(true);
    expect(chain.balance(bob, { contract: v.address, classId: 'GLD' })).toBe(42n);
    expect(chain.balance(bob)).toBe(0n);
  });

  it('its snapshot is a state file wes run reads', async () => {
    const chain = new TestChain();
    const counter = await chain.deploy(wasm('counter'));
    await counter.call('Increment', { by: '2' });
    const file = join(mkdtempSync(join(tmpdir(), 'wes-snap-')), 'chain.json');
    writeFileSync(file, JSON.stringify(chain.snapshot()));
    const view = memoryChainFromText(JSON.stringify(chain.snapshot()), file);
    expect(view.tipHeight).toBe(1n);
  });

  it('names the methods when one does not exist', async () => {
    const chain = new TestChain();
    const counter = await chain.deploy(wasm('counter'));
    await expect(counter.call('Nope')).rejects.toThrow(/no method "Nope"; methods: .*Increment/);
  });
});
