/**
 * Pipelined commit under seeded random interleavings: submissions (chains of spends of outputs
 * not yet durable, and double spends), blocks staged back to back, writes held, released and
 * failed. Afterwards, with everything drained:
 *  - no transaction is in two blocks;
 *  - every admitted transaction is included, still pending, or dropped with a reason — none
 *    vanishes — and none is dropped for a missing input while its inputs are all unspent (a
 *    build on a block whose write had just failed dropped valid ones);
 *  - a fresh node executing the stored blocks against its durable index alone
 *    (BlockExecutor.execute) computes the same block infos (hash, state root) and UTXO set.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../../pkg/hashes.js';
import { toHex, utf8Encode } from '../../../pkg/encoding.js';
import type { Transaction, Utxo } from '../../../pkg/model.js';
import { isWesError } from '../../../pkg/errors.js';
import { ChainStore } from '../../../internal/core/chain/chain-store.js';
import { MemoryKv } from '../../../internal/core/chain/chain-kv.js';
import { BlockExecutor } from '../../../internal/core/chain/block-executor.js';
import { BlockProducer, type StagedBlock } from '../../../internal/core/chain/block-producer.js';
import { TxVerifier } from '../../../internal/core/tx/verifier.js';
import { keyPairOf, type KeyPair } from '../../../internal/core/tx/signing.js';
import { buildDeploy, buildTransfer, signBuilt, simulateAndBuildCall, type BuiltTransaction } from '../../../internal/core/tx/builder.js';
import type { WASMEngine } from '../../../pkg/engine.js';
import type { Address } from '../../../pkg/types.js';
import { vaultCode } from './contracts.js';
import { txBytesOf } from '../../../internal/core/tx/tx-bytes.js';
import { createEngine } from '../../../internal/core/engines/wasm/manager/container.js';
import { Prng } from '../../fuzz/prng.js';
import { GatedKv, oneCoin } from '../../helpers/gated-kv.js';
import { expectReplayMatches } from '../../helpers/replay.js';

const CHAIN_ID = 'wes-pipeline-interleavings';
const keys: KeyPair[] = Array.from({ length: 5 }, (_, i) => keyPairOf(sha256(utf8Encode(`interleave/${i}`))));



const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function chain(kv: MemoryKv): Promise<{ store: ChainStore; executor: BlockExecutor; producer: BlockProducer; engine: WASMEngine }> {
  const store = await ChainStore.openOn(kv, { chainId: CHAIN_ID });
  const engine = createEngine();
  const executor = new BlockExecutor(new TxVerifier(engine), CHAIN_ID);
  let now = 1_700_000_000n;
  const producer = new BlockProducer({ store, executor, clock: () => (now += 1n), maxBlockTxs: 6 });
  await producer.genesis(keys.flatMap((k) => Array.from({ length: 12 }, (_, m) => ({ address: k.address, amount: BigInt(m + 1) * 10_000_000n }))));
  cleanup.push(async () => {
    if (kv instanceof GatedKv) kv.release();
    await producer.stop();
    await store.close();
  });
  return { store, executor, producer, engine };
}

async function run(seed: number, steps: number, calls: boolean): Promise<{ included: number; failures: number }> {
  const rng = new Prng(seed);
  const kv = new GatedKv();
  const { store, producer, engine } = await chain(kv);
  // With calls: a vault (contracts.ts) whose counter and timestamp every call rewrites.
  const code = await vaultCode();
  let vault: Address | undefined;
  if (calls) {
    const d = buildDeploy({ view: store.index, chainId: CHAIN_ID, from: keys[4]!.address, code, nonce: 1_000_000n });
    await producer.submit(signBuilt(d, keys[4]!.privateKey), d.attachments);
    await producer.produce();
    vault = d.contract;
  }
  const wallets = new Map<string, Utxo[]>(keys.map((k) => [toHex(k.address), store.index.utxosOwnedBy(k.address)]));
  const spentCoins: { key: KeyPair; coin: Utxo }[] = [];
  const admitted = new Map<string, string>();
  const txs = new Map<string, Transaction>();
  const staged: StagedBlock[] = [];
  const pendingOps: Promise<unknown>[] = [];
  let failures = 0;
  let nonce = 0n;

  const submitOne = async (): Promise<void> => {
    const from = rng.pick(keys);
    const to = rng.pick(keys);
    const mine = wallets.get(toHex(from.address))!;
    const double = spentCoins.length > 0 && rng.chance(0.15);
    const pickedIndex = double || mine.length === 0 ? -1 : rng.below(mine.length);
    const coin = double || pickedIndex < 0 ? spentCoins[rng.below(Math.max(1, spentCoins.length))]?.coin : mine[pickedIndex];
    if (coin === undefined || coin.output.content.type !== 'asset' || coin.output.content.asset.amount < 200_000n) return;
    const spender = double ? spentCoins.find((s) => s.coin === coin)!.key : from;
    let built: BuiltTransaction;
    if (vault !== undefined && rng.chance(0.7)) {
      const call = { contract: vault, method: rng.pick(['incr', 'stamp']), payload: new Uint8Array(0), gasLimit: 5_000_000n, funds: 0n };
      try {
        built = await simulateAndBuildCall(engine, { view: oneCoin(store.index, coin), chainId: CHAIN_ID, payer: spender.address, nonce: nonce++, call }, { height: (store.height ?? 0n) + 1n, timestamp: 1_700_000_000n, txIndex: 0 });
      } catch (e) {
        if (!isWesError(e)) throw e;
        return;
      }
    } else {
      built = buildTransfer({ view: oneCoin(store.index, coin), chainId: CHAIN_ID, from: spender.address, to: to.address, amount: 50_000n + BigInt(rng.below(1000)), nonce: nonce++ });
    }
    if (!double) {
      mine.splice(pickedIndex, 1);
      spentCoins.push({ key: from, coin });
    }
    // Not awaited: a submission queues behind a block waiting for its parent's (held) write.
    const id = toHex(built.txId);
    txs.set(id, built.tx);
    pendingOps.push(
      producer.submit(signBuilt(built, spender.privateKey)).then(
        () => void admitted.set(id, double ? 'double' : 'spend'),
        (e: unknown) => {
          if (!isWesError(e)) throw e; // a double spend (or a spend of a coin whose parent is gone) is refused
        },
      ),
    );
    // The sender may spend its change and the recipient its coin before any block is durable.
    if (!double) {
      built.tx.outputs.forEach((output, index) => {
        wallets.get(toHex(output.owner))?.push({ outPoint: { txId: built.txId, index }, output, blockHeight: 0n });
      });
    }
  };

  const stage = (): void => {
    pendingOps.push(
      producer.produceStaged().then(
        (st) => void staged.push(st),
        (e: unknown) => {
          if (!(isWesError(e) && e.code === 'CHAIN_PARENT_WRITE_FAILED')) throw e;
        },
      ),
    );
  };

  for (let step = 0; step < steps; step++) {
    const r = rng.below(100);
    if (r < 40) {
      for (let k = rng.between(1, 3); k > 0; k--) await submitOne(); // awaits a simulation at most, never the producer
    } else if (r < 58) {
      stage();
      if (!kv.held && rng.chance(0.5)) await pendingOps[pendingOps.length - 1];
    } else if (r < 70) {
      kv.hold();
    } else if (r < 82) {
      kv.release();
      await new Promise((res) => setImmediate(res));
    } else if (r < 92) {
      // Queued in this order behind each other: block N's write is held while N+1 is built on it.
      kv.hold();
      for (let k = 0; k < 2; k++) await submitOne();
      stage();
      for (let k = 0; k < 2; k++) await submitOne();
      stage();
    } else if (!kv.failNext) {
      kv.failNext = true;
      failures++;
    }
  }
  kv.release();
  kv.failNext = false;
  await Promise.all(pendingOps);
  await Promise.all(staged.map((s) => s.durable.catch(() => undefined)));
  for (let i = 0; i < 20 && producer.mempool.size > 0; i++) await producer.produce();

  // No transaction twice; every admitted one included, pending or dropped with a reason.
  const seen = new Set<string>();
  let callsIncluded = 0;
  for (let h = 1n; h <= store.height!; h++) {
    for (const tx of (await store.getBlock(h))!.transactions) {
      if (tx.contractCall !== undefined) callsIncluded++;
      const id = toHex(txBytesOf(tx).txId);
      expect(seen.has(id), `tx ${id} included twice`).toBe(false);
      seen.add(id);
    }
  }
  for (const [id, kind] of admitted) {
    const txId = Uint8Array.from(Buffer.from(id, 'hex'));
    const included = (await store.txLocation(txId)) !== undefined;
    expect(included || producer.mempool.get(txId) !== undefined || producer.mempool.dropped(txId) !== undefined, `admitted ${kind} tx ${id} vanished`).toBe(true);
    expect(included).toBe(seen.has(id));
  }
  if (calls) expect(callsIncluded).toBeGreaterThan(0);
  // A transaction dropped for a missing input really had one: not every input is still unspent.
  for (const [id] of admitted) {
    const drop = producer.mempool.dropped(Uint8Array.from(Buffer.from(id, 'hex')));
    if (drop?.code !== 'TX_INPUT_MISSING') continue;
    const tx = txs.get(id)!;
    expect(tx.inputs.every((i) => store.index.utxos.get(i.outPoint) !== undefined), `tx ${id} was dropped for a missing input while all of its inputs are unspent`).toBe(false);
  }

  // A fresh node replays the stored blocks against its durable index.
  const replica = await chain(new MemoryKv());
  await expectReplayMatches(store, replica);
  return { included: seen.size, failures };
}

describe('pipelined commit under random interleavings', () => {
  // INTERLEAVE_SEEDS=n for a longer run (60 run clean). The suite's seeds were picked by planting bugs:
  // 9 and 11 catch a block built on a failed parent (block-producer.ts, before the fix).
  const seeds = process.env.INTERLEAVE_SEEDS ? Array.from({ length: Number(process.env.INTERLEAVE_SEEDS) }, (_, i) => i + 1) : [1, 9, 11];
  for (const seed of seeds) {
    it(`seed ${seed}: nothing included twice, nothing admitted vanishes, and a replay agrees`, async () => {
      const r = await run(seed, 60, false);
      expect(r.included).toBeGreaterThan(5);
    }, 60_000);
  }
  // Seeds 4, 7 and 8 each catch a staged view that ignores its block's state writes; 7 also the failed-parent bug.
  for (const seed of process.env.INTERLEAVE_SEEDS ? seeds : [4, 7, 8]) {
    it(`seed ${seed}, with contract calls writing one counter: the same, and the replay's state roots agree`, async () => {
      const r = await run(seed + 1000, 60, true);
      expect(r.included).toBeGreaterThan(5);
    }, 60_000);
  }
});
