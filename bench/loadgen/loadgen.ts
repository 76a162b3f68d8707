/**
 * The load generator (`make loadtest`; also a `make bench` suite): starts a devnet node in its
 * own process, funds many keys, pre-signs N native transfers and N token Transfer calls
 * client-side (as the CLI would: keys never leave this process), submits them over HTTP with
 * bounded concurrency, and reads from the node's blocks when each one was committed. Reports
 * submitted/s, committed/s, p50/p99 submit and inclusion latency, and the node's CPU and RSS.
 *
 * Each kind runs on its own fresh node: a warm-up round, then two runs — "saturate" submits as
 * fast as the concurrency allows (throughput); "paced" submits at a fixed rate (latency at a load
 * the node can carry).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addressFromBase58, fromHex, toBase64, toHex } from '../../pkg/encoding.js';
import { encodeTransaction } from '../../internal/core/wire/codec.js';
import { keyPairOf, type KeyPair } from '../../internal/core/tx/signing.js';
import { CHAIN_ID, fund, type FundedCoins } from './funding.js';
import { InclusionWatcher } from './node-client.js';
import { startNode } from './node-process.js';
import { runLoad, type LoadKind, type Presigned, type RunResult } from './run-load.js';
import { balanceMismatches, deployToken, presignTokenCalls, tokenSetupCoins, type TokenCall, type TokenDeployment } from './token-load.js';
import { signedTransfer } from './wallet.js';

export type { LoadKind, RunResult } from './run-load.js';

export interface LoadOptions {
  /** Which kinds of load to run, in this order. */
  readonly kinds: readonly LoadKind[];
  /** Native transfers per run. */
  readonly transfers: number;
  /** Token Transfer calls per run. */
  readonly calls: number;
  /** Transactions of each kind submitted (saturating, not measured) before its measured runs. */
  readonly warmup: number;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** Transactions per request in the saturating run (1: one POST /v1/transactions each; more: /v1/transactions/batch). */
  readonly batch: number;
  /** Native transfers per second for the paced run (0: skip it). */
  readonly pacedRate: number;
  /** Token calls per second for the paced run (0: skip it). */
  readonly callPacedRate: number;
  readonly blockIntervalMs: number;
  /** Give up waiting for inclusion after this long (a hang detector, not a measurement). */
  readonly inclusionTimeoutMs: number;
  readonly log: (line: string) => void;
  /** Called after the runs, before the node stops (tests read the chain here). */
  readonly inspect?: (chain: LoadedChain) => Promise<void>;
}

/** What the load generator set up, for `inspect`. */
export interface LoadedChain {
  readonly url: string;
  readonly keys: readonly KeyPair[];
  readonly token?: TokenDeployment;
}

/**
 * Paced runs send one request every PACED_TICK_MS holding that slice of the rate: one request per
 * transaction cost this one process ~0.5 ms of CPU each (fetch), which at 1,500/s took most of a
 * core from the node it measures. A transaction waits at most one tick for its request.
 */
export const PACED_TICK_MS = 20;
const pacedBatch = (rate: number): number => Math.max(1, Math.round((rate * PACED_TICK_MS) / 1000));

/** The node runs as `make run` runs it (Makefile NODE_SERVE_FLAGS); LOADGEN_NODE_FLAGS replaces them. */
export const NODE_SERVE_FLAGS = '--max-semi-space-size=32';

/** Load keys: transactions rotate over them, key k paying key k+1. */
export const LOAD_KEYS = 256;

/** Deterministic key i (the load generator's keys are throwaway; derived so runs are repeatable). */
function loadKey(i: number): KeyPair {
  const sk = new Uint8Array(32);
  new DataView(sk.buffer).setUint32(28, i + 1);
  sk[0] = 0x5a;
  return keyPairOf(sk);
}

/** `count` transfers of 1,000 base units, key k to key k+1, keys in rotation. */
function presignTransfers(keys: readonly KeyPair[], coins: FundedCoins, count: number, round: number): Presigned[] {
  const out: Presigned[] = [];
  for (let i = 0; i < count; i++) {
    const { key, coin } = coins.take();
    const s = signedTransfer(CHAIN_ID, keys[key]!, coin, keys[(key + 1) % keys.length]!.address, 1_000n, BigInt(round * 1_000_000 + i));
    out.push({ id: toHex(s.built.txId), body: { tx: toBase64(encodeTransaction(s.tx)) } });
  }
  return out;
}

function devKeyOf(keystorePath: string): KeyPair {
  const ks = JSON.parse(readFileSync(keystorePath, 'utf8')) as { keys: { name: string; address: string; privateKey: string }[] };
  const devEntry = ks.keys.find((k) => k.name === 'dev');
  if (!devEntry) throw new Error('the node did not create a dev key');
  const dev = keyPairOf(fromHex(devEntry.privateKey));
  if (toHex(dev.address) !== toHex(addressFromBase58(devEntry.address))) throw new Error('dev key does not match its address');
  return dev;
}

/** After the token runs: do the balances show that every committed call moved its token? */
export interface TokenCheck {
  readonly committed: number;
  /** Keys whose balance is not TOKEN_GRANT plus what the committed calls moved (0 when all succeeded). */
  readonly mismatchedKeys: number;
}

export interface LoadTestResult {
  readonly runs: readonly RunResult[];
  readonly tokenCheck?: TokenCheck;
}

export async function runLoadTest(opts: LoadOptions): Promise<LoadTestResult> {
  const results: RunResult[] = [];
  let tokenCheck: TokenCheck | undefined;
  // Each kind on a fresh node: one kind's chain state, heap and JIT history do not weigh on the other's figures.
  for (const kind of opts.kinds) {
    const r = await runKind(kind, opts);
    results.push(...r.runs);
    tokenCheck ??= r.tokenCheck;
  }
  return { runs: results, ...(tokenCheck && { tokenCheck }) };
}

async function runKind(kind: LoadKind, opts: LoadOptions): Promise<LoadTestResult> {
  const dir = mkdtempSync(join(tmpdir(), 'wes-loadgen-'));
  const nodeFlags = (process.env['LOADGEN_NODE_FLAGS'] ?? NODE_SERVE_FLAGS).split(' ').filter((f) => f !== '');
  const node = await startNode({ dataDir: join(dir, 'chain'), keystore: join(dir, 'keystore.json'), blockIntervalMs: opts.blockIntervalMs, nodeFlags });
  try {
    const dev = devKeyOf(join(dir, 'keystore.json'));
    const keys = Array.from({ length: LOAD_KEYS }, (_, i) => loadKey(i));
    const watcher = new InclusionWatcher(node.url);
    await watcher.start();
    const token = kind === 'token';
    const rate = token ? opts.callPacedRate : opts.pacedRate;
    const count = token ? opts.calls : opts.transfers;
    const coinCount = opts.warmup + count * (rate > 0 ? 2 : 1);
    const funded = await fund(node.url, dev, keys, coinCount, token ? tokenSetupCoins(keys.length) : 0, watcher, opts.inclusionTimeoutMs);
    opts.log(`${kind}: funded ${coinCount} coins for ${keys.length} keys`);
    const deployment = token ? await deployToken(node.url, dev, funded.dev, keys, watcher, opts.inclusionTimeoutMs) : undefined;
    if (deployment) opts.log(`token deployed at ${toHex(deployment.contract)}; each key holds a balance; a call's fee stores ${deployment.storedEffectBytes} effect bytes`);
    const mode = opts.batch > 1 ? `${opts.concurrency} batches of ${opts.batch} in flight` : `${opts.concurrency} in flight`;
    // Pre-signed before the runs, so the node is idle while the client signs.
    opts.log(`pre-signing ${coinCount} ${token ? 'token Transfer calls' : 'native transfers'}…`);
    const presign = (n: number, round: number): Presigned[] | TokenCall[] =>
      deployment ? presignTokenCalls(keys, funded.coins, n, round, deployment) : presignTransfers(keys, funded.coins, n, round);
    const warmup = presign(opts.warmup, 2);
    const saturate = presign(count, 0);
    const paced = rate > 0 ? presign(count, 1) : [];
    if (warmup.length > 0) await runLoad(`${kind} warm-up (not measured)`, kind, node, warmup, 0, opts.batch, watcher, opts);
    const runs = [await runLoad(`${kind} saturate (${mode})`, kind, node, saturate, 0, opts.batch, watcher, opts)];
    if (paced.length > 0) runs.push(await runLoad(`${kind} paced at ${rate}/s`, kind, node, paced, rate, pacedBatch(rate), watcher, opts));
    let tokenCheck: TokenCheck | undefined;
    if (deployment) {
      const committed = ([...warmup, ...saturate, ...paced] as TokenCall[]).filter((c) => watcher.seenAt.has(c.id));
      tokenCheck = { committed: committed.length, mismatchedKeys: await balanceMismatches(node.url, deployment, keys, committed) };
      opts.log(`token balances: ${tokenCheck.mismatchedKeys} of ${keys.length} keys differ from what ${committed.length} committed calls moved`);
    }
    await opts.inspect?.({ url: node.url, keys, ...(deployment && { token: deployment }) });
    return { runs, ...(tokenCheck && { tokenCheck }) };
  } finally {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
