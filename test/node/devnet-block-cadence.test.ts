/**
 * The devnet's block cadence (block-source.ts): a tick makes a block if transactions wait, and
 * while a full block's worth still waits after one is sealed the next follows at once, without
 * waiting for the next tick. Fake timers: the ticks are counted, not timed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sha256 } from '../../pkg/hashes.js';
import { utf8Encode } from '../../pkg/encoding.js';
import { ChainStore } from '../../internal/core/chain/chain-store.js';
import { BlockExecutor } from '../../internal/core/chain/block-executor.js';
import { BlockProducer } from '../../internal/core/chain/block-producer.js';
import { TxVerifier } from '../../internal/core/tx/verifier.js';
import { keyPairOf } from '../../internal/core/tx/signing.js';
import { buildTransfer, signBuilt } from '../../internal/core/tx/builder.js';
import { oneCoin } from '../helpers/gated-kv.js';
import { createEngine } from '../../internal/core/engines/wasm/manager/container.js';
import { DevnetBlockSource } from '../../internal/node/block-source.js';
import { NodeMetrics } from '../../internal/api/metrics.js';

const CHAIN_ID = 'wes-cadence-test';
const alice = keyPairOf(sha256(utf8Encode('cadence/alice')));
const bob = keyPairOf(sha256(utf8Encode('cadence/bob')));


afterEach(() => {
  vi.useRealTimers();
});

describe('devnet block cadence', () => {
  it('one tick seals block after block while a full block waits; the remainder waits for the next tick', async () => {
    vi.useFakeTimers();
    const store = await ChainStore.inMemory({ chainId: CHAIN_ID });
    const producer = new BlockProducer({ store, executor: new BlockExecutor(new TxVerifier(createEngine()), CHAIN_ID), clock: () => 1_700_000_000n, maxBlockTxs: 5 });
    const source = new DevnetBlockSource({
      producer, store, metrics: new NodeMetrics(), intervalMs: 1_000,
      genesis: Array.from({ length: 12 }, () => ({ address: alice.address, amount: 10_000_000n })),
    });
    try {
      await source.start();
      const coins = store.index.utxos.listByOwner(alice.address, { kind: 'native' });
      expect(coins).toHaveLength(12);
      for (const [i, coin] of coins.entries()) {
        const built = buildTransfer({ view: oneCoin(store.index, coin), from: alice.address, to: bob.address, amount: 1_000n, chainId: CHAIN_ID, nonce: BigInt(i) });
        await producer.submit(signBuilt(built, alice.privateKey));
      }
      expect(producer.mempool.size).toBe(12);

      await vi.advanceTimersByTimeAsync(1_000); // one tick
      await vi.waitFor(() => expect(store.height).toBe(2n), { timeout: 20_000 }); // a hang detector, not a timing assertion
      expect(producer.mempool.size).toBe(2);
      expect((await store.getBlock(1n))!.transactions).toHaveLength(5);
      expect((await store.getBlock(2n))!.transactions).toHaveLength(5);

      await vi.advanceTimersByTimeAsync(500); // no tick yet: the two left wait
      expect(store.height).toBe(2n);
      await vi.advanceTimersByTimeAsync(500);
      await vi.waitFor(() => expect(store.height).toBe(3n), { timeout: 20_000 });
      expect((await store.getBlock(3n))!.transactions).toHaveLength(2);
    } finally {
      await source.stop();
      await store.close();
    }
  });
});
