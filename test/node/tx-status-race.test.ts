/**
 * GET /v1/transactions/:id while the transaction's block is being written (pipelined commit):
 * a reader must see "pending" and then "included", never a 404 in between. The store lookup is
 * asynchronous (LevelDB); here it reads before the block's batch lands and returns after the
 * block is durable and the pool has let the transaction go.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../pkg/hashes.js';
import { toHex, utf8Encode } from '../../pkg/encoding.js';
import type { CallRequest } from '../../pkg/engine.js';
import { ChainStore } from '../../internal/core/chain/chain-store.js';
import { MemoryKv, type ChainKvOp } from '../../internal/core/chain/chain-kv.js';
import { BlockExecutor } from '../../internal/core/chain/block-executor.js';
import { BlockProducer } from '../../internal/core/chain/block-producer.js';
import { TxVerifier } from '../../internal/core/tx/verifier.js';
import { keyPairOf } from '../../internal/core/tx/signing.js';
import { buildTransfer, signBuilt } from '../../internal/core/tx/builder.js';
import { createEngine } from '../../internal/core/engines/wasm/manager/container.js';
import { DevnetService } from '../../internal/node/devnet-service.js';

const CHAIN_ID = 'wes-status-race';
const alice = keyPairOf(sha256(utf8Encode('status-race/alice')));
const bob = keyPairOf(sha256(utf8Encode('status-race/bob')));

/** MemoryKv with a held block batch (slow fsync) and held tx-location reads (a read issued before the write, answered after). */
class SlowKv extends MemoryKv {
  private writeGate: Promise<void> | undefined;
  private openWrite: (() => void) | undefined;
  private readGate: Promise<void> | undefined;
  private openRead: (() => void) | undefined;
  readsHeld = 0;

  holdWrites(): void {
    this.writeGate = new Promise((r) => (this.openWrite = r));
  }

  releaseWrites(): void {
    this.openWrite?.();
    this.writeGate = undefined;
  }

  holdReads(): void {
    this.readGate = new Promise((r) => (this.openRead = r));
  }

  releaseReads(): void {
    this.openRead?.();
    this.readGate = undefined;
  }

  override async get(key: string): Promise<Uint8Array | undefined> {
    const v = await super.get(key); // what the disk holds when the read is issued
    if (this.readGate !== undefined && key.startsWith('X:')) {
      this.readsHeld++;
      await this.readGate;
    }
    return v;
  }

  override async batch(ops: ChainKvOp[]): Promise<void> {
    await this.writeGate;
    await super.batch(ops);
  }
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

describe('transaction status during a pipelined commit', () => {
  it('a lookup racing the block\'s write answers pending or included, never not-found', async () => {
    const kv = new SlowKv();
    const store = await ChainStore.openOn(kv, { chainId: CHAIN_ID });
    const engine = createEngine();
    const producer = new BlockProducer({ store, executor: new BlockExecutor(new TxVerifier(engine), CHAIN_ID), clock: () => 1_700_000_000n });
    cleanup.push(async () => {
      kv.releaseWrites();
      kv.releaseReads();
      await producer.stop();
      await store.close();
    });
    await producer.genesis([{ address: alice.address, amount: 50_000_000n }]);
    const simulator = { call: (c: Omit<CallRequest, 'context'>) => engine.call(c as CallRequest), prepare: (code: Uint8Array) => engine.prepare(code) };
    const service = new DevnetService({ chainId: CHAIN_ID, store, producer, simulator, clock: () => 1_700_000_000n, produce: async () => undefined });

    const built = buildTransfer({ view: store.index, chainId: CHAIN_ID, from: alice.address, to: bob.address, amount: 1_000_000n });
    await producer.submit(signBuilt(built, alice.privateKey));
    const id = toHex(built.txId);
    expect((await service.getTx(id))?.status).toBe('pending');

    kv.holdWrites();
    const staged = await producer.produceStaged();
    expect((await service.getTx(id))?.status).toBe('pending'); // sealed, not yet durable

    kv.holdReads();
    const racing = service.getTx(id); // its store read sees the disk without the block
    while (kv.readsHeld === 0) await new Promise((r) => setImmediate(r));
    kv.releaseWrites();
    await staged.durable; // on disk; the pool has let the transaction go
    kv.releaseReads();
    expect((await racing)?.status).toMatch(/^(pending|included)$/);
    expect((await service.getTx(id))?.status).toBe('included');
  });
});
