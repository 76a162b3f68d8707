import { describe, expect, it } from 'vitest';
import { toHex } from '../../../pkg/encoding.js';
import type { Transaction, Utxo } from '../../../pkg/model.js';
import { DROP_LOG_SIZE, Mempool, type MempoolEntry } from '../../../internal/core/tx/mempool.js';
import { selectUtxos } from '../../../internal/core/tx/utxo-selector.js';

function entry(id: number, fee: bigint, size: number, spends: number[], ref: number[] = []): MempoolEntry {
  const tx: Transaction = {
    version: 1, nonce: 0n, creationTimestamp: 0n, chainId: new Uint8Array(0), outputs: [],
    inputs: [
      ...spends.map((s) => ({ outPoint: { txId: new Uint8Array(32).fill(s), index: 0 }, referenceOnly: false })),
      ...ref.map((s) => ({ outPoint: { txId: new Uint8Array(32).fill(s), index: 0 }, referenceOnly: true })),
    ],
  };
  return { tx, txId: new Uint8Array(32).fill(id), fee, size, attachments: new Map() };
}

const ids = (m: Mempool): number[] => m.ordered().map((e) => e.txId[0]!);

describe('mempool', () => {
  it('dedups by id and refuses a second spend of a pending outpoint (reference reads do not conflict)', () => {
    const m = new Mempool();
    m.add(entry(1, 1000n, 100, [10], [30]), 0n);
    expect(() => m.add(entry(1, 1000n, 100, [11]), 0n)).toThrow(expect.objectContaining({ code: 'TX_DUPLICATE' }));
    expect(() => m.add(entry(2, 9000n, 100, [10]), 0n)).toThrow(expect.objectContaining({ code: 'TX_CONFLICT' }));
    m.add(entry(3, 1000n, 100, [11], [30]), 0n);
    expect(m.size).toBe(2);
    m.remove(new Uint8Array(32).fill(1));
    m.add(entry(2, 9000n, 100, [10]), 0n); // freed
    expect(ids(m)).toEqual([2, 3]);
  });

  it('orders by fee per byte, then by tx id', () => {
    const m = new Mempool();
    m.add(entry(5, 1000n, 100, [1]), 0n); // 10/B
    m.add(entry(4, 3000n, 200, [2]), 0n); // 15/B
    m.add(entry(3, 2000n, 200, [3]), 0n); // 10/B, smaller id than 5
    m.add(entry(9, 1999n, 100, [4]), 0n); // ~20/B
    expect(ids(m)).toEqual([9, 4, 3, 5]);
  });

  it('stays within its count and byte bounds, evicting only what a newcomer outranks', () => {
    const m = new Mempool({ maxCount: 2, maxBytes: 1_000 });
    m.add(entry(1, 1000n, 100, [1]), 0n);
    m.add(entry(2, 2000n, 100, [2]), 0n);
    expect(() => m.add(entry(3, 500n, 100, [3]), 0n)).toThrow(expect.objectContaining({ code: 'TX_POOL_FULL' }));
    expect(m.add(entry(4, 5000n, 100, [4]), 0n).map((id) => id[0])).toEqual([1]);
    expect(ids(m)).toEqual([4, 2]);
    expect(() => m.add(entry(5, 1n, 2_000, [5]), 0n)).toThrow(expect.objectContaining({ code: 'TX_TOO_LARGE' }));
    const b = new Mempool({ maxCount: 10, maxBytes: 300 });
    b.add(entry(1, 1000n, 150, [1]), 0n);
    b.add(entry(2, 1000n, 150, [2]), 0n);
    expect(b.add(entry(3, 10_000n, 200, [3]), 0n).map((id) => id[0])).toEqual([2, 1]);
    expect(b.totalBytes).toBe(200);
  });

  it('after a block, drops included transactions and those spending what the block spent', () => {
    const m = new Mempool();
    m.add(entry(1, 1000n, 100, [1]), 0n);
    m.add(entry(2, 1000n, 100, [2]), 0n);
    m.add(entry(3, 1000n, 100, [3]), 0n);
    m.removeForBlock([new Uint8Array(32).fill(1)], [`${toHex(new Uint8Array(32).fill(2))}:0`], 7n);
    expect(ids(m)).toEqual([3]);
  });

  it('an entry evicted from a full pool by a better-paying newcomer is recorded as dropped (outbid), with the next block height', () => {
    const m = new Mempool({ maxCount: 2, maxBytes: 1_000 });
    m.add(entry(1, 1000n, 100, [1]), 5n);
    m.add(entry(2, 2000n, 100, [2]), 5n);
    expect(() => m.add(entry(3, 500n, 100, [3]), 5n)).toThrow(expect.objectContaining({ code: 'TX_POOL_FULL' }));
    expect(m.dropped(new Uint8Array(32).fill(3))).toBeUndefined(); // refused at the door, never admitted
    m.add(entry(4, 5000n, 100, [4]), 6n);
    const one = m.dropped(new Uint8Array(32).fill(1));
    expect(one).toMatchObject({ code: 'TX_EVICTED', height: 6n });
    expect(one!.message).toMatch(/outbid/);
    expect(one!.message).toContain(toHex(new Uint8Array(32).fill(4)));
    expect(m.dropped(new Uint8Array(32).fill(2))).toBeUndefined(); // still pending
    expect(m.has(new Uint8Array(32).fill(1))).toBe(false);
    m.add(entry(5, 3000n, 100, [1]), 6n); // the evicted entry's outpoint is free again; outbids 2
    expect(m.dropped(new Uint8Array(32).fill(2))?.code).toBe('TX_EVICTED');
    expect(ids(m)).toEqual([4, 5]);
  });

  it('a pending spend of an outpoint the block spent is recorded as dropped (input spent by a conflicting transaction), not removed silently', () => {
    const m = new Mempool();
    m.add(entry(1, 1000n, 100, [1]), 7n);
    m.add(entry(2, 1000n, 100, [2]), 7n);
    m.add(entry(3, 1000n, 100, [3]), 7n);
    const spentByBlock = `${toHex(new Uint8Array(32).fill(2))}:0`;
    m.takeForBlock([new Uint8Array(32).fill(1)], [`${toHex(new Uint8Array(32).fill(1))}:0`, spentByBlock], 7n);
    expect(ids(m)).toEqual([3]);
    const loser = m.dropped(new Uint8Array(32).fill(2));
    expect(loser).toMatchObject({ code: 'TX_INPUT_MISSING', height: 7n });
    expect(loser!.message).toMatch(/block 7/);
    expect(loser!.message).toMatch(/conflicting transaction/);
    expect(loser!.message).toContain(spentByBlock);
    expect(m.dropped(new Uint8Array(32).fill(1))).toBeUndefined(); // included, not dropped
    expect(m.get(new Uint8Array(32).fill(1))).toBeDefined(); // pending until the block is durable
  });
});

describe('utxo selection', () => {
  const coin = (txByte: number, index: number, amount: bigint): Utxo => ({
    outPoint: { txId: new Uint8Array(32).fill(txByte), index }, blockHeight: 0n,
    output: { owner: new Uint8Array(20), locks: [], content: { type: 'asset', asset: { kind: 'native', amount } } },
  });
  const pick = (coins: Utxo[], need: bigint): string[] => selectUtxos(coins, need).selected.map((u) => `${u.outPoint.txId[0]}:${u.outPoint.index}`);
  const coins = [coin(9, 0, 50n), coin(1, 1, 300n), coin(2, 0, 100n), coin(1, 0, 300n), coin(3, 0, 20n)];

  it('smallest single coin that covers the need, ties by (txid, index)', () => {
    expect(pick(coins, 100n)).toEqual(['2:0']);
    expect(pick(coins, 101n)).toEqual(['1:0']);
    expect(pick(coins, 300n)).toEqual(['1:0']);
  });

  it('otherwise accumulates from the smallest up, and fails with the shortfall', () => {
    expect(pick(coins, 301n)).toEqual(['3:0', '9:0', '2:0', '1:0']);
    expect(pick(coins, 770n)).toEqual(['3:0', '9:0', '2:0', '1:0', '1:1']);
    expect(() => selectUtxos(coins, 771n)).toThrow(expect.objectContaining({ code: 'TX_INSUFFICIENT_FUNDS' }));
  });

  it('remembers why an entry was dropped, frees its outpoints, forgets the oldest beyond the bound, and forgets on re-admission', () => {
    const m = new Mempool();
    m.add(entry(1, 1000n, 100, [10]), 0n);
    m.drop(new Uint8Array(32).fill(1), { code: 'TX_NOT_STORABLE', message: 'max depth exceeded', height: 7n });
    expect(m.has(new Uint8Array(32).fill(1))).toBe(false);
    expect(m.totalBytes).toBe(0);
    expect(m.dropped(new Uint8Array(32).fill(1))).toEqual({ code: 'TX_NOT_STORABLE', message: 'max depth exceeded', height: 7n });
    m.add(entry(2, 1000n, 100, [10]), 0n); // the outpoint is free again
    for (let i = 0; i < DROP_LOG_SIZE; i++) {
      const id = new Uint8Array(32);
      new DataView(id.buffer).setUint32(0, i + 1000);
      m.drop(id, { code: 'TX_X', message: '', height: 1n });
    }
    expect(m.dropped(new Uint8Array(32).fill(1))).toBeUndefined(); // the oldest record was forgotten
    const last = new Uint8Array(32);
    new DataView(last.buffer).setUint32(0, DROP_LOG_SIZE - 1 + 1000);
    expect(m.dropped(last)?.code).toBe('TX_X');
    m.add({ ...entry(3, 1000n, 100, [11]), txId: last }, 0n);
    expect(m.dropped(last)).toBeUndefined();
  });

  it('a block taken for writing answers pending until it is durable; if its write fails, a tx that no longer fits says why instead of vanishing', () => {
    const m = new Mempool({ maxCount: 2, maxBytes: 10_000 });
    m.add(entry(1, 1000n, 100, [1]), 0n);
    m.add(entry(2, 1000n, 100, [2]), 0n);
    const one = new Uint8Array(32).fill(1);
    const two = new Uint8Array(32).fill(2);
    m.takeForBlock([one, two], [toHex(new Uint8Array(32).fill(1)) + ':0'], 7n);
    expect(m.size).toBe(0);
    expect(m.get(one)).toBeDefined(); // in the block being written
    // The pool fills up again meanwhile, with better-paying transactions.
    m.add(entry(3, 9000n, 100, [3]), 0n);
    m.add(entry(4, 9000n, 100, [4]), 0n);
    m.finishBlock(false);
    expect(m.get(one)).toBeUndefined();
    expect(m.dropped(one)?.code).toBe('TX_POOL_FULL');
    expect(m.dropped(two)).toMatchObject({ code: 'TX_POOL_FULL', height: 7n });
    expect(ids(m)).toEqual([3, 4]);
  });
});
