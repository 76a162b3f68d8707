/**
 * End to end: a devnet node on a temp dir and a free port; the CLI (in-process) deploys the
 * AssemblyScript token and the TinyGo simple-token, calls them with client-side signatures,
 * queries balances and events; the node restarts on the same data and shows the same state.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressToBase58, parseAddress } from '../../pkg/encoding.js';
import { DevnetNode } from '../../internal/node/devnet-node.js';
import { COMMANDS } from '../../internal/cli/commands/index.js';
import { Keystore } from '../../internal/cli/keystore.js';
import { ApiClient, NodeApiError } from '../../internal/cli/api-client.js';
import { signAsAsked } from '../../internal/cli/client-signing.js';
import type { UnsignedTxView } from '../../internal/api/node-service.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SIMPLE_TOKEN = join(ROOT, '..', 'shared', 'fixtures', 'wes-tinygo', 'simple-token', 'main.wasm');
const FUNDS = 10n ** 14n;

const dir = mkdtempSync(join(tmpdir(), 'wes-e2e-'));
const keystore = join(dir, 'keystore.json');
let node: DevnetNode;
let alice: string;
let bob: string;

async function wes(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const [name, ...rest] = args;
  const cmd = COMMANDS.find((c) => c.name === name)!;
  const out: string[] = [];
  const err: string[] = [];
  const code = await cmd.run([...rest, '--node', node.url, '--keystore', keystore], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function wesJson<T>(...args: string[]): Promise<T> {
  const r = await wes(...args, '--json');
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as T;
}

async function startNode(): Promise<DevnetNode> {
  const ks = Keystore.open(keystore);
  return DevnetNode.start({ dataDir: join(dir, 'data'), port: 0, blockIntervalMs: 50, genesis: [{ address: ks.get('alice').address, amount: FUNDS }] });
}

beforeAll(async () => {
  execFileSync(process.execPath, ['contracts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
  const ks = Keystore.open(keystore);
  alice = ks.create('alice').address;
  bob = ks.create('bob').address;
  node = await startNode();
});

afterAll(async () => {
  await node?.stop();
});

interface Sim {
  ok: boolean;
  statusName: string;
  returnText?: string;
}

describe('devnet end to end', () => {
  let token = '';

  it('deploys the AssemblyScript token template and initializes it', async () => {
    const d = await wesJson<{ contract: string; height: string }>('deploy', join(ROOT, 'contracts/build/token.wasm'), '--from', 'alice');
    token = d.contract;
    expect(Number(d.height)).toBeGreaterThan(0);
    const init = await wesJson<{ simulation: Sim; receipt: Record<string, unknown> | null; events: { text?: string }[] }>(
      'call', token, 'Initialize', '--params', '{"name":"Gold","symbol":"GLD","supply":"1000"}', '--from', 'alice',
    );
    expect(init.simulation.statusName).toBe('SUCCESS');
    expect(init.receipt).not.toBeNull();
    expect(init.events.map((e) => e.text).join()).toContain('Mint');
  });

  it('transfers to a second account, and both balances read back', async () => {
    const t = await wesJson<{ simulation: Sim }>('call', token, 'Transfer', '--params', JSON.stringify({ to: bob, amount: '250' }), '--from', 'alice');
    expect(t.simulation.statusName).toBe('SUCCESS');
    const a = await wesJson<Sim>('call', token, 'BalanceOf', '--params', JSON.stringify({ address: alice }), '--simulate', '--from', 'alice');
    const b = await wesJson<Sim>('call', token, 'BalanceOf', '--params', JSON.stringify({ address: bob }), '--simulate', '--from', 'bob');
    expect(a.returnText).toContain('750');
    expect(b.returnText).toContain('250');
  });

  it('serves contract state by key, also on the HyperBEAM path', async () => {
    const bobHex = Buffer.from(Keystore.open(keystore).get('bob').address).toString('hex');
    const st = await wesJson<{ found: boolean; text?: string; version: string }>('query', 'state', token, `balance/${bobHex}`);
    expect(st).toMatchObject({ found: true, text: '250' });
    const hb = await new ApiClient(node.url).get<{ text?: string }>(`/~contract@1.0/${token}/state/${encodeURIComponent(`balance/${bobHex}`)}`);
    expect(hb.text).toBe('250');
    expect((await wesJson<{ found: boolean }>('query', 'state', token, 'no-such-key')).found).toBe(false);
  });

  it('serves the events of the contract and the HyperBEAM paths', async () => {
    const ev = await wesJson<{ events: { text?: string; height: string }[] }>('query', 'events', token);
    expect(ev.events.map((e) => e.text ?? '')).toEqual([expect.stringContaining('Mint'), expect.stringContaining('Transfer')]);
    const client = new ApiClient(node.url);
    const block = await client.get<{ height: string }>(`/~block@1.0/${ev.events[1]!.height}`);
    expect(block.height).toBe(ev.events[1]!.height);
  });

  it('pays native coin with wes send and shows it in the balance', async () => {
    await wesJson('send', bob, '12345', '--from', 'alice');
    const bal = await wesJson<{ native: string }>('query', 'balance', bob);
    expect(bal.native).toBe('12345');
  });

  let simpleToken = '';
  it('runs the TinyGo simple-token fixture on the chain: Initialize, Transfer, both balances, events', async () => {
    const d = await wesJson<{ contract: string }>('deploy', SIMPLE_TOKEN, '--from', 'alice');
    simpleToken = d.contract;
    const init = await wesJson<{ simulation: Sim }>('call', d.contract, 'Initialize', '--params', '{}', '--from', 'alice');
    expect(init.simulation.statusName).toBe('SUCCESS');
    const balanceOf = async (who: string, key: string): Promise<string> => {
      const r = await wesJson<Sim>('call', d.contract, 'BalanceOf', '--params', JSON.stringify({ address: who }), '--simulate', '--from', key);
      expect(r.ok).toBe(true);
      return r.returnText ?? '';
    };
    const aliceBefore = await balanceOf(alice, 'alice');
    const t = await wesJson<{ simulation: Sim }>('call', d.contract, 'Transfer', '--params', JSON.stringify({ to: bob, amount: '100' }), '--from', 'alice');
    expect(t.simulation.statusName).toBe('SUCCESS');
    // The WES SDK reports "balance" in its own (wrong, 10^9) display unit; balance_wei is exact.
    const amount = (text: string): bigint => BigInt(/"balance_wei"\s*:\s*(\d+)/.exec(text)?.[1] ?? '-1');
    expect(amount(await balanceOf(bob, 'bob'))).toBe(100n);
    expect(amount(await balanceOf(alice, 'alice'))).toBe(amount(aliceBefore) - 100n);
    const ev = await wesJson<{ events: { text?: string }[] }>('query', 'events', d.contract);
    expect(ev.events.map((e) => e.text ?? '').join('\n')).toMatch(/Initialized[\s\S]*Transfer/);
  });

  it('rejects a double spend submitted twice with a clear error', async () => {
    const client = new ApiClient(node.url);
    const ks = Keystore.open(keystore);
    const view = await client.post<UnsignedTxView>('/v1/transfers', { from: addressToBase58(ks.get('alice').address), to: bob, amount: '1' });
    const signed = await signAsAsked(client, view, { kind: 'transfer', to: parseAddress(bob), amount: 1n }, ks.get('alice').privateKey);
    await client.post('/v1/transactions', { tx: signed.tx });
    const again = await client.post('/v1/transactions', { tx: signed.tx }).then(() => undefined, (e: unknown) => e);
    expect(again).toBeInstanceOf(NodeApiError);
    expect((again as NodeApiError).status).toBeGreaterThanOrEqual(400);
    expect((again as NodeApiError).status).toBeLessThan(500);
    expect((again as NodeApiError).message).toMatch(/already|spent|duplicate|conflict/i);
  });

  it('bad requests get 4xx, never 5xx', async () => {
    const client = new ApiClient(node.url);
    const cases: [string, 'GET' | 'POST', unknown][] = [
      ['/v1/accounts/nope/balance', 'GET', undefined],
      [`/v1/contracts/${bob}/simulate`, 'POST', { method: 'Run', caller: bob }], // no contract there
      ['/v1/transactions', 'POST', { tx: 'AAAA' }], // not a transaction
      ['/v1/transfers', 'POST', { from: bob, to: alice, amount: '99999999999999999999' }], // cannot pay
      ['/v1/contracts', 'POST', { wasm: 'AGFzbQEAAAA=', from: alice }], // wasm without memory
    ];
    for (const [path, method, body] of cases) {
      const err = await client.request(method, path, body).then(() => undefined, (e: unknown) => e);
      expect(err, path).toBeInstanceOf(NodeApiError);
      const status = (err as NodeApiError).status;
      expect(status, `${path}: ${(err as Error).message}`).toBeGreaterThanOrEqual(400);
      expect(status, `${path}: ${(err as Error).message}`).toBeLessThan(500);
    }
  });

  it('a restarted node continues the same chain with the same state', async () => {
    await node.produceNow(); // settle what the double-spend test left waiting
    const before = await wesJson<{ height: string; tipHash: string }>('query', 'status');
    const balBefore = await wesJson<{ native: string }>('query', 'balance', bob);
    await node.stop();
    node = await startNode();
    const after = await wesJson<{ height: string; tipHash: string }>('query', 'status');
    expect(after.height).toBe(before.height);
    expect(after.tipHash).toBe(before.tipHash);
    expect((await wesJson<{ native: string }>('query', 'balance', bob)).native).toBe(balBefore.native);
    const b = await wesJson<Sim>('call', token, 'BalanceOf', '--params', JSON.stringify({ address: bob }), '--simulate', '--from', 'bob');
    expect(b.returnText).toContain('250');
    const tiny = await wesJson<Sim>('call', simpleToken, 'BalanceOf', '--params', JSON.stringify({ address: bob }), '--simulate', '--from', 'bob');
    expect(tiny.returnText).toMatch(/"balance_wei"\s*:\s*100\b/);
    const metrics = await fetch(`${node.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/wes_block_height \d+/);
  });
});
