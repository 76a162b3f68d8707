/**
 * The load generator (`make loadtest`; also a `make bench` suite): starts a devnet node in its
 * own process, funds many keys, pre-signs N native transfers client-side (as the CLI would, keys
 * never leave this process), submits them over HTTP with bounded concurrency, and reads from the
 * node's blocks when each one was committed. Reports submitted/s, committed/s, p50/p99 submit and
 * inclusion latency, and the node's CPU and RSS.
 *
 * Two runs: "saturate" submits as fast as the concurrency allows (throughput); "paced" submits at
 * a fixed rate (latency at a load the node can carry).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addressFromBase58, addressToBase58, fromHex, toBase64, toHex } from '../../pkg/encoding.js';
import type { Utxo } from '../../pkg/model.js';
import { encodeTransaction } from '../../internal/core/wire/codec.js';
import { keyPairOf, type KeyPair } from '../../internal/core/tx/signing.js';
import { startNode, type NodeProcess } from './node-process.js';
import { outputsOf, payTo, signedPayment, signedTransfer } from './wallet.js';

export interface LoadOptions {
  /** Transfers per run. */
  readonly transfers: number;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** Transactions per request in the saturating run (1: one POST /v1/transactions each; more: /v1/transactions/batch). */
  readonly batch: number;
  /** Submissions per second for the paced run (0: skip it). */
  readonly pacedRate: number;
  readonly blockIntervalMs: number;
  /** Give up waiting for inclusion after this long (a hang detector, not a measurement). */
  readonly inclusionTimeoutMs: number;
  readonly log: (line: string) => void;
}

export interface RunResult {
  readonly name: string;
  readonly transfers: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly committed: number;
  readonly submittedPerSec: number;
  readonly committedPerSec: number;
  readonly submitP50Ms: number;
  readonly submitP99Ms: number;
  readonly inclusionP50Ms: number;
  readonly inclusionP99Ms: number;
  readonly nodeCpuSeconds: number;
  readonly nodeCpuCores: number;
  readonly nodePeakRssMiB: number;
  /** CPU seconds the load generator itself used (it shares the machine with the node). */
  readonly clientCpuSeconds: number;
  readonly firstRejection?: string;
}

const CHAIN_ID = 'wes-devnet';
const FANOUT = 500;
const COIN = 10_000_000n;

async function http<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as T };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Deterministic key i (the load generator's keys are throwaway; derived so runs are repeatable). */
function loadKey(i: number): KeyPair {
  const sk = new Uint8Array(32);
  new DataView(sk.buffer).setUint32(28, i + 1);
  sk[0] = 0x5a;
  return keyPairOf(sk);
}

interface UtxoJson {
  txId: string;
  index: number;
  output: { content: { asset?: { kind: string; amount: string } } };
}

/** Waits until every id in `ids` is in a block; returns when each was first seen. */
class InclusionWatcher {
  private height = 0n;
  readonly seenAt = new Map<string, number>();
  constructor(private readonly url: string) {}

  async start(): Promise<void> {
    const { json } = await http<{ height: string }>('GET', `${this.url}/v1/status`);
    this.height = BigInt(json.height);
  }

  /** Reads the blocks after the last one read. */
  async poll(): Promise<void> {
    const { json } = await http<{ height: string }>('GET', `${this.url}/v1/status`);
    const tip = BigInt(json.height);
    while (this.height < tip) {
      this.height += 1n;
      const block = await http<{ txIds: string[] }>('GET', `${this.url}/v1/blocks/${this.height}`);
      const now = performance.now();
      for (const id of block.json.txIds) if (!this.seenAt.has(id)) this.seenAt.set(id, now);
    }
  }

  async waitFor(ids: readonly string[], timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (ids.some((id) => !this.seenAt.has(id)) && performance.now() < deadline) {
      await this.poll();
      await sleep(50);
    }
  }
}

/** Funds `count` single-coin UTXOs, one per (key, slot), from the dev account in two blocks. */
async function fund(node: NodeProcess, dev: KeyPair, keys: readonly KeyPair[], count: number, watcher: InclusionWatcher, opts: LoadOptions): Promise<Utxo[][]> {
  const devB58 = addressToBase58(dev.address);
  const { json } = await http<{ utxos: UtxoJson[] }>('GET', `${node.url}/v1/accounts/${devB58}/utxos`);
  const devCoins: Utxo[] = json.utxos.map((u) => ({
    outPoint: { txId: fromHex(u.txId), index: u.index },
    output: payTo(dev.address, BigInt(u.output.content.asset?.amount ?? '0')),
    blockHeight: 0n,
  }));
  const batches = Math.ceil(count / FANOUT);
  const batchValue = COIN * BigInt(FANOUT) + 10_000_000n;
  const first = signedPayment(CHAIN_ID, dev, devCoins, Array.from({ length: batches }, () => payTo(dev.address, batchValue)));
  await submitOrThrow(node.url, first.tx);
  await watcher.waitFor([toHex(first.built.txId)], opts.inclusionTimeoutMs);
  const pieces = outputsOf(first.built, dev.address).slice(0, batches);
  const perKey: Utxo[][] = keys.map(() => []);
  const second: string[] = [];
  let slot = 0;
  for (const piece of pieces) {
    const owners = Array.from({ length: Math.min(FANOUT, count - slot) }, (_, j) => keys[(slot + j) % keys.length]!);
    const fan = signedPayment(CHAIN_ID, dev, [piece], owners.map((k) => payTo(k.address, COIN)));
    fan.built.tx.outputs.forEach((output, index) => {
      const owner = owners[index];
      if (owner) perKey[(slot + index) % keys.length]!.push({ outPoint: { txId: fan.built.txId, index }, output, blockHeight: 0n });
    });
    slot += owners.length;
    await submitOrThrow(node.url, fan.tx);
    second.push(toHex(fan.built.txId));
  }
  await watcher.waitFor(second, opts.inclusionTimeoutMs);
  if (second.some((id) => !watcher.seenAt.has(id))) throw new Error('funding transactions were not included');
  opts.log(`funded ${count} coins for ${keys.length} keys in ${batches + 1} transactions`);
  return perKey;
}

async function submitOrThrow(url: string, tx: Parameters<typeof encodeTransaction>[0]): Promise<void> {
  const r = await http<{ error?: { code: string; message: string } }>('POST', `${url}/v1/transactions`, { tx: toBase64(encodeTransaction(tx)) });
  if (r.status !== 200) throw new Error(`submit failed (${r.status}): ${JSON.stringify(r.json)}`);
}

interface Presigned {
  readonly id: string;
  readonly body: { tx: string };
}

function presign(keys: readonly KeyPair[], coins: Utxo[][], count: number, round: number): Presigned[] {
  const out: Presigned[] = [];
  // Keys in rotation across rounds, the same order the coins were funded in.
  for (let i = round * count; out.length < count; i++) {
    const k = i % keys.length;
    const coin = coins[k]!.shift();
    if (coin === undefined) throw new Error('the load generator ran out of funded coins');
    const to = keys[(k + 1) % keys.length]!.address;
    const s = signedTransfer(CHAIN_ID, keys[k]!, coin, to, 1_000n, BigInt(round * 1_000_000 + i));
    out.push({ id: toHex(s.built.txId), body: { tx: toBase64(encodeTransaction(s.tx)) } });
  }
  return out;
}

interface SubmitOutcome {
  readonly ok: boolean;
  readonly error?: string;
}

async function submitMany(url: string, txs: readonly Presigned[]): Promise<SubmitOutcome[]> {
  if (txs.length === 1) {
    const r = await http<{ error?: { code: string; message: string } }>('POST', `${url}/v1/transactions`, txs[0]!.body);
    return [{ ok: r.status === 200, ...(r.status !== 200 && { error: `${r.status} ${r.json.error?.code}: ${r.json.error?.message}` }) }];
  }
  const r = await http<{ results?: { txId?: string; error?: { code: string; message: string } }[]; error?: { code: string; message: string } }>('POST', `${url}/v1/transactions/batch`, { txs: txs.map((t) => t.body.tx) });
  if (r.status !== 200 || !r.json.results) return txs.map(() => ({ ok: false, error: `${r.status} ${r.json.error?.code}: ${r.json.error?.message}` }));
  return r.json.results.map((x) => (x.error ? { ok: false, error: `${x.error.code}: ${x.error.message}` } : { ok: true }));
}

async function runLoad(name: string, node: NodeProcess, txs: readonly Presigned[], ratePerSec: number, batch: number, watcher: InclusionWatcher, opts: LoadOptions): Promise<RunResult> {
  await watcher.poll();
  const submitMs: number[] = [];
  const sentAt = new Map<string, number>();
  let rejected = 0;
  let firstRejection: string | undefined;
  let next = 0;
  let peakRss = node.rssMiB();
  const cpu0 = node.cpuSeconds();
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  let lastSubmitEnd = t0;
  const worker = async (): Promise<void> => {
    while (next < txs.length) {
      const i = next;
      const chunk = txs.slice(i, i + batch);
      next += chunk.length;
      if (ratePerSec > 0) {
        const due = t0 + (i * 1000) / ratePerSec;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
      }
      const start = performance.now();
      const outcomes = await submitMany(node.url, chunk);
      const end = performance.now();
      lastSubmitEnd = Math.max(lastSubmitEnd, end);
      outcomes.forEach((o, k) => {
        submitMs.push(end - start);
        if (o.ok) sentAt.set(chunk[k]!.id, start);
        else {
          rejected++;
          firstRejection ??= o.error;
        }
      });
    }
  };
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, node.rssMiB());
    void watcher.poll().catch(() => undefined);
  }, 100);
  // Paced submissions go one per request: enough in flight that the rate, not the round trip, sets the pace.
  const inFlight = ratePerSec > 0 ? Math.max(opts.concurrency, 64) : opts.concurrency;
  await Promise.all(Array.from({ length: inFlight }, worker));
  const accepted = [...sentAt.keys()];
  await watcher.waitFor(accepted, opts.inclusionTimeoutMs);
  clearInterval(sampler);
  const cpu = node.cpuSeconds() - cpu0;
  const client = process.cpuUsage(client0);
  const included = accepted.filter((id) => watcher.seenAt.has(id));
  const lastCommit = Math.max(t0, ...included.map((id) => watcher.seenAt.get(id)!));
  const inclusion = included.map((id) => watcher.seenAt.get(id)! - sentAt.get(id)!).sort((a, b) => a - b);
  submitMs.sort((a, b) => a - b);
  const wall = (lastCommit - t0) / 1000;
  const result: RunResult = {
    name,
    transfers: txs.length,
    accepted: accepted.length,
    rejected,
    committed: included.length,
    submittedPerSec: accepted.length / ((lastSubmitEnd - t0) / 1000),
    committedPerSec: included.length / wall,
    submitP50Ms: percentile(submitMs, 50),
    submitP99Ms: percentile(submitMs, 99),
    inclusionP50Ms: percentile(inclusion, 50),
    inclusionP99Ms: percentile(inclusion, 99),
    nodeCpuSeconds: cpu,
    nodeCpuCores: cpu / wall,
    nodePeakRssMiB: peakRss,
    clientCpuSeconds: (client.user + client.system) / 1e6,
    ...(firstRejection !== undefined && { firstRejection }),
  };
  opts.log(`${name}: ${JSON.stringify(result)}`);
  return result;
}

export async function runLoadTest(opts: LoadOptions): Promise<RunResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'wes-loadgen-'));
  const nodeFlags = (process.env['LOADGEN_NODE_FLAGS'] ?? '').split(' ').filter((f) => f !== '');
  const node = await startNode({ dataDir: join(dir, 'chain'), keystore: join(dir, 'keystore.json'), blockIntervalMs: opts.blockIntervalMs, nodeFlags });
  try {
    const ks = JSON.parse(readFileSync(join(dir, 'keystore.json'), 'utf8')) as { keys: { name: string; address: string; privateKey: string }[] };
    const devEntry = ks.keys.find((k) => k.name === 'dev');
    if (!devEntry) throw new Error('the node did not create a dev key');
    const dev = keyPairOf(fromHex(devEntry.privateKey));
    if (toHex(dev.address) !== toHex(addressFromBase58(devEntry.address))) throw new Error('dev key does not match its address');
    const keys = Array.from({ length: 256 }, (_, i) => loadKey(i));
    const watcher = new InclusionWatcher(node.url);
    await watcher.start();
    const runs = opts.pacedRate > 0 ? 2 : 1;
    const coins = await fund(node, dev, keys, opts.transfers * runs, watcher, opts);
    opts.log(`pre-signing ${opts.transfers * runs} transfers…`);
    const saturate = presign(keys, coins, opts.transfers, 0);
    const paced = opts.pacedRate > 0 ? presign(keys, coins, opts.transfers, 1) : [];
    const mode = opts.batch > 1 ? `${opts.concurrency} batches of ${opts.batch} in flight` : `${opts.concurrency} in flight`;
    const results = [await runLoad(`saturate (${mode})`, node, saturate, 0, opts.batch, watcher, opts)];
    if (paced.length > 0) results.push(await runLoad(`paced at ${opts.pacedRate}/s`, node, paced, opts.pacedRate, 1, watcher, opts));
    return results;
  } finally {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
