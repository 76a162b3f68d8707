/**
 * Pipelined commit when the parent's write fails while the next block is being built (the write
 * ends during the build, not before the block is sealed): the block built on it must be
 * discarded as CHAIN_PARENT_WRITE_FAILED — not handed to the store on top of a block that is not
 * there — and nothing valid may be dropped on the way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../../pkg/hashes.js';
import { utf8Encode } from '../../../pkg/encoding.js';
import { isWesError } from '../../../pkg/errors.js';
import type { Transaction } from '../../../pkg/model.js';
import { ChainStore } from '../../../internal/core/chain/chain-store.js';
import { BlockExecutor, type NextBlock } from '../../../internal/core/chain/block-executor.js';
import { BlockProducer } from '../../../internal/core/chain/block-producer.js';
import type { PendingBlock } from '../../../internal/core/chain/pending-block.js';
import { TxVerifier, type TxRole, type VerifiedTx } from '../../../internal/core/tx/verifier.js';
import { keyPairOf, type KeyPair } from '../../../internal/core/tx/signing.js';
import { buildTransfer, signBuilt, type BuiltTransaction } from '../../../internal/core/tx/builder.js';
import type { LedgerView } from '../../../internal/core/tx/ledger-view.js';
import { createEngine } from '../../../internal/core/engines/wasm/manager/container.js';
import { GatedKv } from '../../helpers/gated-kv.js';

const CHAIN_ID = 'wes-pipeline-failures';
const key = (name: string): KeyPair => keyPairOf(sha256(utf8Encode(`pipeline-failures/${name}`)));
const alice = key('alice');
const bob = key('bob');


/** Runs `hook` once, before the next transaction it includes (to end a write in the middle of a build). */
class HookedExecutor extends BlockExecutor {
  hook: (() => Promise<void>) | undefined;

  override async include(pending: PendingBlock, tx: Transaction, next: NextBlock, timestamp: bigint, role: TxRole, attachments?: ReadonlyMap<string, Uint8Array>): Promise<VerifiedTx> {
    const h = this.hook;
    this.hook = undefined;
    if (h !== undefined) await h();
    return super.include(pending, tx, next, timestamp, role, attachments);
  }
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

function outputsView(base: LedgerView, built: BuiltTransaction): LedgerView {
  const mine = built.tx.outputs.map((output, index) => ({ outPoint: { txId: built.txId, index }, output, blockHeight: 1n }));
  return { ...base, utxos: { get: (o) => mine.find((u) => u.outPoint.index === o.index), listByOwner: (owner) => mine.filter((u) => u.output.owner.every((b, i) => b === owner[i])) } };
}

describe('pipelined commit: the parent\'s write fails during the next build', () => {
  it('the block built on it is discarded (CHAIN_PARENT_WRITE_FAILED) and both blocks\' transactions are pending, then included', async () => {
    const kv = new GatedKv();
    const store = await ChainStore.openOn(kv, { chainId: CHAIN_ID });
    const executor = new HookedExecutor(new TxVerifier(createEngine()), CHAIN_ID);
    const producer = new BlockProducer({ store, executor, clock: () => 1_700_000_000n });
    cleanup.push(async () => {
      kv.release();
      await producer.stop();
      await store.close();
    });
    await producer.genesis([{ address: alice.address, amount: 50_000_000n }]);

    const first = buildTransfer({ view: store.index, chainId: CHAIN_ID, from: alice.address, to: bob.address, amount: 1_000_000n, nonce: 1n });
    await producer.submit(signBuilt(first, alice.privateKey));
    kv.hold();
    kv.failNext = true;
    const staged1 = await producer.produceStaged();
    const second = buildTransfer({ view: outputsView(store.index, first), chainId: CHAIN_ID, from: bob.address, to: alice.address, amount: 100_000n, nonce: 2n });
    await producer.submit(signBuilt(second, bob.privateKey));

    // Block 2 is built on block 1; block 1's write fails while block 2 is being built.
    executor.hook = async () => {
      kv.release();
      await staged1.durable.catch(() => undefined);
    };
    const building2 = producer.produceStaged();
    const outcome = await building2.then(
      async (s) => s.durable.then(() => 'durable', (e: unknown) => (isWesError(e) ? e.code : String(e))),
      (e: unknown) => (isWesError(e) ? e.code : String(e)),
    );
    expect(outcome).toBe('CHAIN_PARENT_WRITE_FAILED');
    expect(store.height).toBe(0n);
    expect(producer.mempool.has(first.txId)).toBe(true);
    expect(producer.mempool.has(second.txId)).toBe(true);

    await producer.produce();
    expect((await store.txLocation(first.txId))?.height).toBe(1n);
    expect((await store.txLocation(second.txId))?.height).toBe(1n);
  });
});
