/**
 * Pipelined commit (block-producer.ts): while block N's batch is being written, the producer
 * admits transactions and builds block N+1 against N laid over the index (StagedBlockView);
 * readers only ever see durable blocks; writes stay in height order; a failed write gives its
 * transactions back to the pool and discards what was built on it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../../pkg/hashes.js';
import { utf8Encode } from '../../../pkg/encoding.js';
import type { Transaction } from '../../../pkg/model.js';
import { ChainStore } from '../../../internal/core/chain/chain-store.js';
import { BlockExecutor, nextBlockOf, sealBlock } from '../../../internal/core/chain/block-executor.js';
import { BlockProducer } from '../../../internal/core/chain/block-producer.js';
import { PendingBlock } from '../../../internal/core/chain/pending-block.js';
import { StagedBlockView } from '../../../internal/core/chain/staged-view.js';
import { TxVerifier } from '../../../internal/core/tx/verifier.js';
import { keyPairOf, type KeyPair } from '../../../internal/core/tx/signing.js';
import { buildTransfer, signBuilt, type BuiltTransaction } from '../../../internal/core/tx/builder.js';
import type { LedgerView } from '../../../internal/core/tx/ledger-view.js';
import { createEngine } from '../../../internal/core/engines/wasm/manager/container.js';
import { isWesError } from '../../../pkg/errors.js';
import { GatedKv } from '../../helpers/gated-kv.js';

const CHAIN_ID = 'wes-pipeline-test';
const key = (name: string): KeyPair => keyPairOf(sha256(utf8Encode(`pipeline/${name}`)));
const alice = key('alice');
const bob = key('bob');


interface Net {
  kv: GatedKv;
  store: ChainStore;
  producer: BlockProducer;
  executor: BlockExecutor;
}

const open: Net[] = [];
afterEach(async () => {
  for (const n of open.splice(0)) {
    n.kv.release();
    await n.producer.stop();
    await n.store.close();
  }
});

async function net(): Promise<Net> {
  const kv = new GatedKv();
  const store = await ChainStore.openOn(kv, { chainId: CHAIN_ID });
  const executor = new BlockExecutor(new TxVerifier(createEngine()), CHAIN_ID);
  const producer = new BlockProducer({ store, executor, clock: () => 1_700_000_000n });
  await producer.genesis([{ address: alice.address, amount: 50_000_000n }, { address: alice.address, amount: 60_000_000n }]);
  kv.log.splice(0); // genesis
  const n = { kv, store, producer, executor };
  open.push(n);
  return n;
}

function pay(view: LedgerView, from: KeyPair, to: KeyPair, amount: bigint, nonce: bigint): { tx: Transaction; built: BuiltTransaction } {
  const built = buildTransfer({ view, from: from.address, to: to.address, amount, chainId: CHAIN_ID, nonce });
  return { tx: signBuilt(built, from.privateKey), built };
}

/** A view holding only the outputs of `built` paying `owner` (what a wallet knows it just created). */
function outputsView(base: LedgerView, built: BuiltTransaction): LedgerView {
  const mine = built.tx.outputs.map((output, index) => ({ outPoint: { txId: built.txId, index }, output, blockHeight: 1n }));
  return { ...base, utxos: { get: (o) => mine.find((u) => u.outPoint.index === o.index), listByOwner: (owner) => mine.filter((u) => u.output.owner.every((b, i) => b === owner[i])) } };
}

describe('pipelined commit', () => {
  it('admits a spend of block N\'s output and builds N+1 while N is written; readers see only durable blocks; writes stay in order', async () => {
    const { kv, store, producer } = await net();
    const first = pay(store.index, alice, bob, 1_000_000n, 1n);
    await producer.submit(first.tx);
    kv.hold();
    const staged1 = await producer.produceStaged();
    expect(staged1.info.height).toBe(1n);
    // Not on disk yet: the store, its index and its reads still end at genesis; the tx is pending.
    expect(store.height).toBe(0n);
    expect(await store.txLocation(first.built.txId)).toBeUndefined();
    expect(producer.mempool.get(first.built.txId)).toBeDefined();
    expect(producer.mempool.size).toBe(0);

    // Bob spends what block 1 gives him before block 1 is durable: admitted against block 1.
    const second = pay(outputsView(store.index, first.built), bob, alice, 100_000n, 2n);
    await producer.submit(second.tx);
    const building2 = producer.produceStaged();
    await new Promise((r) => setTimeout(r, 20));
    expect(kv.log.filter((l) => l.startsWith('start'))).toHaveLength(1); // block 2 waits for block 1's write
    kv.release();
    expect((await staged1.durable).height).toBe(1n);
    const staged2 = await building2;
    expect((await staged2.durable).height).toBe(2n);
    expect(kv.log).toEqual(['start I:0000000000000001', 'done I:0000000000000001', 'start I:0000000000000002', 'done I:0000000000000002']);
    expect(store.height).toBe(2n);
    expect((await store.txLocation(second.built.txId))?.height).toBe(2n);
    expect(producer.mempool.get(first.built.txId)).toBeUndefined();
  });

  it('a failed write is reported, nothing is served from it, and its transactions are pending again', async () => {
    const { kv, store, producer } = await net();
    const t = pay(store.index, alice, bob, 1_000_000n, 1n);
    await producer.submit(t.tx);
    kv.failNext = true;
    await expect(producer.produce()).rejects.toThrow(/injected disk failure/);
    expect(store.height).toBe(0n);
    expect(producer.mempool.has(t.built.txId)).toBe(true);
    const info = await producer.produce();
    expect(info.height).toBe(1n);
    expect((await store.txLocation(t.built.txId))?.height).toBe(1n);
  });

  it('a block built on a block whose write failed is discarded (CHAIN_PARENT_WRITE_FAILED) and both come back', async () => {
    const { kv, store, producer } = await net();
    const first = pay(store.index, alice, bob, 1_000_000n, 1n);
    await producer.submit(first.tx);
    kv.hold();
    kv.failNext = true;
    const staged1 = await producer.produceStaged();
    const second = pay(outputsView(store.index, first.built), bob, alice, 100_000n, 2n);
    await producer.submit(second.tx);
    const building2 = producer.produceStaged();
    kv.release();
    await expect(staged1.durable).rejects.toThrow(/injected disk failure/);
    const err = await building2.then(() => undefined, (e: unknown) => e);
    expect(isWesError(err) && err.code).toBe('CHAIN_PARENT_WRITE_FAILED');
    expect(store.height).toBe(0n);
    expect(producer.mempool.has(first.built.txId)).toBe(true);
    expect(producer.mempool.has(second.built.txId)).toBe(true);
    await producer.produce();
    expect((await store.txLocation(first.built.txId))?.height).toBe(1n);
    expect((await store.txLocation(second.built.txId))?.height).toBe(1n);
  });

  it('the staged view answers the same before and after the index applies the block (no output listed twice)', async () => {
    const { store, executor } = await net();
    const t = pay(store.index, alice, bob, 1_000_000n, 1n);
    const next = nextBlockOf(store.index);
    const pending = new PendingBlock(store.index);
    await executor.include(pending, t.tx, next, 1_700_000_001n, { kind: 'regular' });
    const commit = sealBlock(pending, next, 1_700_000_001n, CHAIN_ID);
    const view = new StagedBlockView(store.index, commit);
    const answers = (): unknown => ({
      alice: view.utxos.listByOwner(alice.address, { kind: 'native' }).map((u) => [u.outPoint, u.output]),
      bob: view.utxos.listByOwner(bob.address, { kind: 'native' }).map((u) => [u.outPoint, u.output]),
      spent: t.tx.inputs.map((i) => view.utxos.get(i.outPoint)),
      created: t.built.tx.outputs.map((_, index) => view.utxos.get({ txId: t.built.txId, index })?.output),
      block1: view.blocks.blockAt(1n),
    });
    const before = answers();
    expect((before as { bob: unknown[] }).bob).toHaveLength(1);
    await store.commit(commit);
    expect(answers()).toEqual(before);
  });
});
