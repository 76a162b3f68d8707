/**
 * Four validators on loopback — real `cometbft` processes and real `wes node --cometbft` app
 * processes, as `make testnet` runs them:
 *  - transfers and contract calls submitted to different nodes are applied, and all four agree
 *    on the app hash at every height (and CometBFT's headers carry the same app hashes);
 *  - a transaction submitted to every node at once is included exactly once;
 *  - SIGKILL of one validator does not stop the chain; restarted, it replays and catches up to
 *    the same app hash.
 * Timeouts here are hang detectors only; nothing asserts on timing.
 *
 * The calls used do not read the block time: a call's outputs are fixed when it is signed and
 * re-executed at inclusion, and under CometBFT the block time is only known once the block is
 * decided (see the README's multi-node section).
 */
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressToBase58, toBase64 } from '../../../pkg/encoding.js';
import type { UnsignedTxView } from '../../../internal/api/node-service.js';
import { signUnsigned } from '../sign-view.js';
import type { KeyPair } from '../../../internal/core/tx/signing.js';
import { appGenesisJson } from '../../../internal/node/abci/app-genesis.js';
import { generateTestnet, type TestnetNode } from '../../../internal/node/testnet/testnet-layout.js';
import { TestnetProcesses } from '../../../internal/node/testnet/testnet-processes.js';
import { vaultCode } from '../../core/chain/contracts.js';
import { testKey } from '../abci/app-fixture.js';
import { cometbftPrerequisites, ROOT } from './prerequisites.js';

const CLI = join(ROOT, 'dist/internal/cli/main.js');
const CHAIN = 'wes-testnet-e2e';
const SENDERS = ['alice', 'bob', 'carol', 'dave'].map((n) => testKey(`testnet/${n}`));
const COLLECTOR = testKey('testnet/collector');
const HANG_MS = 240_000;

async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<ReturnType<typeof createServer>>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => resolve(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

async function api<T>(url: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${url}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T };
}

async function ok<T>(url: string, path: string, body?: unknown): Promise<T> {
  const r = await api<T>(url, path, body);
  if (r.status >= 300) throw new Error(`${path} on ${url}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function waitFor(what: string, check: () => Promise<boolean>, ms = HANG_MS): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > until) throw new Error(`hang detector: ${what} did not happen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('4-validator CometBFT network', () => {
  let dir: string;
  let nodes: TestnetNode[];
  let procs: TestnetProcesses;
  let urls: string[];
  let contract: string;
  const submitted: string[] = [];

  const height = async (i: number): Promise<bigint> => BigInt((await ok<{ height: string }>(urls[i]!, '/v1/status')).height);
  const includedEverywhere = (txId: string, on: readonly number[] = [0, 1, 2, 3]) =>
    waitFor(`tx ${txId} on nodes ${on.join(',')}`, async () => (await Promise.all(on.map(async (i) => (await api(urls[i]!, `/v1/transactions/${txId}`)).status === 200))).every(Boolean));

  async function signAndSubmit(nodeIndex: number, view: UnsignedTxView, key: KeyPair): Promise<string> {
    const signed = signUnsigned(view, key.privateKey);
    const r = await ok<{ txId: string }>(urls[nodeIndex]!, '/v1/transactions', { tx: signed.tx, ...(view.attachments && { attachments: view.attachments }) });
    expect(r.txId).toBe(view.txId);
    submitted.push(r.txId);
    return r.txId;
  }

  beforeAll(async () => {
    const { bin } = cometbftPrerequisites();
    if (!existsSync(CLI)) execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.json')], { cwd: ROOT });
    dir = mkdtempSync(join(tmpdir(), 'wes-testnet-'));
    const ports = await freePorts(12);
    nodes = generateTestnet({
      cometbft: bin, dir, validators: 4, chainId: CHAIN,
      appState: appGenesisJson({
        allocations: SENDERS.flatMap((k) => [1n, 2n, 3n].map((j) => ({ address: addressToBase58(k.address), amount: j * 100_000_000n }))),
        feeCollector: addressToBase58(COLLECTOR.address),
      }),
      ports: (i) => ({ p2p: ports[3 * i]!, rpc: ports[3 * i + 1]!, api: ports[3 * i + 2]! }),
      timeoutCommit: '300ms',
    });
    procs = new TestnetProcesses(nodes, { cometbft: bin, cli: CLI, graceMs: 60_000 });
    urls = await procs.startAll();
    await waitFor('the first blocks on every node', async () => (await Promise.all([0, 1, 2, 3].map(height))).every((h) => h >= 2n));
  }, 300_000);

  afterAll(async () => {
    await procs?.stopAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 180_000);

  it('applies transfers and contract calls submitted to different nodes', async () => {
    const deploy = await ok<UnsignedTxView>(urls[1]!, '/v1/contracts', { wasm: toBase64(await vaultCode()), from: addressToBase58(SENDERS[0]!.address) });
    await includedEverywhere(await signAndSubmit(1, deploy, SENDERS[0]!));
    contract = deploy.contract!;

    for (let round = 0; round < 5; round++) {
      const ids = await Promise.all(SENDERS.map(async (key, s) => {
        const node = (round + s) % 4;
        const from = addressToBase58(key.address);
        if ((round + s) % 2 === 0) {
          const view = await ok<UnsignedTxView>(urls[node]!, '/v1/transfers', { from, to: addressToBase58(SENDERS[(s + 1) % 4]!.address), amount: String(1_000 + round) });
          return signAndSubmit(node, view, key);
        }
        // One state-writing call per round at most: two calls simulated against the same state
        // version would both write version n+1, and the second would not re-execute the same.
        const built = await ok<{ tx: UnsignedTxView }>(urls[node]!, `/v1/contracts/${contract}/calls`, { caller: from, method: s === 1 ? 'mint' : 'mintfree', params: {} });
        return signAndSubmit(node, built.tx, key);
      }));
      // Every node must have applied this round before anyone builds the next from its UTXOs.
      for (const id of ids) await includedEverywhere(id);
    }
    const state = await Promise.all(urls.map((u) => ok<{ found: boolean; value: string }>(u, `/v1/contracts/${contract}/state/supply`)));
    expect(state[0]!.found).toBe(true);
    for (const s of state) expect(s).toEqual(state[0]);
  }, HANG_MS * 4);

  it('includes a transaction submitted to every node exactly once', async () => {
    const key = SENDERS[2]!;
    const view = await ok<UnsignedTxView>(urls[0]!, '/v1/transfers', { from: addressToBase58(key.address), to: addressToBase58(SENDERS[3]!.address), amount: '777' });
    const signed = signUnsigned(view, key.privateKey);
    const replies = await Promise.all(urls.map((u) => api<{ txId?: string; error?: { code: string } }>(u, '/v1/transactions', { tx: signed.tx })));
    const accepted = replies.filter((r) => r.status === 200);
    expect(accepted.length).toBeGreaterThan(0);
    for (const r of accepted) expect(r.body.txId).toBe(view.txId);
    // A node that already applied it refuses the second copy as a spent input; nothing else.
    for (const r of replies.filter((x) => x.status !== 200)) expect(r.body.error?.code).toBe('TX_INPUT_MISSING');
    await includedEverywhere(view.txId);
    submitted.push(view.txId);
    const tip = await height(0);
    let count = 0;
    for (let h = 1n; h <= tip; h++) {
      const block = await ok<{ txIds: string[] }>(urls[0]!, `/v1/blocks/${h}`);
      count += block.txIds.filter((id) => id === view.txId).length;
    }
    expect(count).toBe(1);
  }, HANG_MS * 2);

  it('keeps going without a SIGKILLed validator, which catches up to the same app hash when restarted', async () => {
    await procs.crash(3);
    const before = await height(0);
    const key = SENDERS[1]!;
    const view = await ok<UnsignedTxView>(urls[1]!, '/v1/transfers', { from: addressToBase58(key.address), to: addressToBase58(SENDERS[0]!.address), amount: '4242' });
    const during = await signAndSubmit(1, view, key);
    await includedEverywhere(during, [0, 1, 2]);
    await waitFor('5 blocks without node 3', async () => (await height(0)) >= before + 5n && (await height(2)) >= before + 5n);

    urls[3] = await procs.startNode(3);
    const target = await height(0);
    await waitFor('node 3 catching up', async () => (await height(3)) >= target);
    await includedEverywhere(during);
    const [h0, h3] = await Promise.all([ok<{ hash: string }>(urls[0]!, `/v1/blocks/${target}`), ok<{ hash: string }>(urls[3]!, `/v1/blocks/${target}`)]);
    expect(h3.hash).toBe(h0.hash);
  }, HANG_MS * 3);

  it('all four agree on the app hash at every height (at least 20), and CometBFT headers carry it', async () => {
    await waitFor('20 blocks on every node', async () => (await Promise.all([0, 1, 2, 3].map(height))).every((h) => h >= 21n));
    const tip = (await Promise.all([0, 1, 2, 3].map(height))).reduce((a, b) => (a < b ? a : b));
    for (let h = 0n; h <= tip; h++) {
      const hashes = await Promise.all(urls.map(async (u) => (await ok<{ hash: string }>(u, `/v1/blocks/${h}`)).hash));
      expect(new Set(hashes).size, `height ${h}: ${hashes.join(' ')}`).toBe(1);
      if (h >= 1n && h < tip) {
        // Block h+1's header records the app hash after block h: consensus signed our hash.
        const res = (await (await fetch(`${nodes[0]!.rpcUrl}/block?height=${h + 1n}`)).json()) as { result: { block: { header: { app_hash: string } } } };
        expect(res.result.block.header.app_hash.toLowerCase()).toBe(hashes[0]);
      }
    }
    // Every transaction accepted over the API is in the chain, on every node.
    for (const id of submitted) expect((await api(urls[3]!, `/v1/transactions/${id}`)).status).toBe(200);
    // Nothing listens on or dials anything but loopback (or a unix socket).
    for (const n of nodes) {
      const config = readFileSync(join(n.home, 'config', 'config.toml'), 'utf8');
      for (const [, addr] of config.matchAll(/^\w*laddr = "(.*)"$/gm)) expect(addr).toMatch(/^(|tcp:\/\/127\.0\.0\.1:[0-9]+)$/);
      expect(config).toMatch(/^proxy_app = "unix:\/\//m);
      expect(config).toMatch(/^prometheus = false$/m);
      for (const peer of /^persistent_peers = "(.*)"$/m.exec(config)![1]!.split(',')) expect(peer).toMatch(/^[0-9a-f]{40}@127\.0\.0\.1:[0-9]+$/);
    }
    const log = readFileSync(join(nodes[3]!.home, 'cometbft.log'), 'utf8');
    expect(log).toMatch(/ABCI Replay Blocks|Completed ABCI Handshake/);
  }, HANG_MS * 2);
});
