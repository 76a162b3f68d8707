import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { utf8Encode } from '../../../pkg/encoding.js';
import type { Transaction } from '../../../pkg/model.js';
import { buildTransfer, signBuilt } from '../../../internal/core/tx/builder.js';
import { signAllInputs } from '../../../internal/core/tx/signing.js';
import { transactionId } from '../../../internal/core/tx/hashing.js';
import { CHAIN_ID, devnet, type Devnet } from './devnet.js';
import { blockOf } from './blocks.js';

describe('double spends, conservation and block import', () => {
  let net: Devnet;
  beforeEach(async () => {
    net = await devnet();
  });
  afterEach(async () => net.close());

  /** Two different transactions spending the same coin of alice's. */
  function twoSpends(): [Transaction, Transaction] {
    const a = buildTransfer({ view: net.store.index, chainId: CHAIN_ID, from: net.alice.address, to: net.bob.address, amount: 1_000_000n });
    const b = buildTransfer({ view: net.store.index, chainId: CHAIN_ID, from: net.alice.address, to: net.carol.address, amount: 1_000_000n });
    expect(a.tx.inputs).toEqual(b.tx.inputs);
    return [signBuilt(a, net.alice.privateKey), signBuilt(b, net.alice.privateKey)];
  }

  it('within a block: the mempool refuses the second spend, and an imported block with both is rejected', async () => {
    const [a, b] = twoSpends();
    await net.producer.submit(a);
    await expect(net.producer.submit(b)).rejects.toMatchObject({ code: 'TX_CONFLICT' });
    await expect(net.producer.submit(a)).rejects.toMatchObject({ code: 'TX_DUPLICATE' });
    const bad = blockOf(net.store.index, [a, b], net.now());
    await expect(net.executor.execute(bad, net.store.index)).rejects.toMatchObject({ code: 'TX_INPUT_MISSING', details: { txIndex: 1 } });
    // the same transaction twice in one block
    await expect(net.executor.execute(blockOf(net.store.index, [a, a], net.now()), net.store.index)).rejects.toMatchObject({ code: 'TX_INPUT_MISSING' });
    expect(net.store.height).toBe(0n);
  });

  it('across blocks: once spent, the coin is gone for submit and for import', async () => {
    const [a, b] = twoSpends();
    const good = blockOf(net.store.index, [a], net.now());
    await net.store.commit(await net.executor.execute(good, net.store.index));
    expect(net.store.height).toBe(1n);
    expect(net.store.tip!.hash).toEqual((await net.executor.execute(blockOf(net.store.index, [], net.now()), net.store.index)).block.header.previousHash);
    await expect(net.producer.submit(b)).rejects.toMatchObject({ code: 'TX_INPUT_MISSING' });
    await expect(net.executor.execute(blockOf(net.store.index, [b], net.now()), net.store.index)).rejects.toMatchObject({ code: 'TX_INPUT_MISSING' });
  });

  it('a pending spend is dropped when a block spends the same coin', async () => {
    const [a, b] = twoSpends();
    await net.producer.submit(b);
    await net.store.commit(await net.executor.execute(blockOf(net.store.index, [a], net.now()), net.store.index));
    const info = await net.producer.produce(); // b no longer verifies: dropped, empty block
    expect(net.producer.mempool.size).toBe(0);
    expect((await net.store.getBlock(info.height))?.transactions).toHaveLength(0);
  });

  it('an output spent later in the same block is never stored; the producer orders a child after its parent', async () => {
    const a = signBuilt(buildTransfer({ view: net.store.index, chainId: CHAIN_ID, from: net.alice.address, to: net.bob.address, amount: 1_000_000n }), net.alice.privateKey);
    const aId = transactionId(a);
    const unsignedChild: Transaction = {
      version: 1, nonce: 0n, creationTimestamp: 0n, chainId: utf8Encode(CHAIN_ID),
      inputs: [{ outPoint: { txId: aId, index: 0 }, referenceOnly: false }],
      outputs: [{ owner: net.carol.address, locks: [{ kind: 'singleKey', addressHash: net.carol.address }], content: { type: 'asset', asset: { kind: 'native', amount: 900_000n } } }],
    };
    const child = signAllInputs(unsignedChild, net.bob.privateKey);
    // submit checks against the tip, where the parent's output does not exist yet
    await expect(net.producer.submit(child)).rejects.toMatchObject({ code: 'TX_INPUT_MISSING' });
    await net.producer.submit(a);
    // queued directly (as a relay would), paying far more per byte than its parent: ranked first
    net.producer.mempool.add({ tx: child, txId: transactionId(child), fee: 100_000n, size: 300, attachments: new Map() }, net.store.height! + 1n);
    expect(net.producer.mempool.ordered()[0]!.txId).toEqual(transactionId(child));
    const info = await net.producer.produce();
    const block = await net.store.getBlock(info.height);
    expect(block!.transactions.map(transactionId)).toEqual([aId, transactionId(child)]);
    expect(net.store.index.utxos.get({ txId: aId, index: 0 })).toBeUndefined();
    expect(net.store.index.utxos.get({ txId: transactionId(child), index: 0 })).toBeDefined();
    expect(net.producer.mempool.size).toBe(0);
  });

  it('rejects value creation, a fee below the minimum, and a transaction with no inputs', async () => {
    const built = buildTransfer({ view: net.store.index, chainId: CHAIN_ID, from: net.alice.address, to: net.bob.address, amount: 1_000_000n });
    const bump = (tx: Transaction, extra: bigint): Transaction => ({
      ...tx,
      outputs: tx.outputs.map((o, i) => (i === 0 && o.content.type === 'asset' && o.content.asset.kind === 'native' ? { ...o, content: { type: 'asset', asset: { kind: 'native', amount: o.content.asset.amount + extra } } } : o)),
    });
    await expect(net.producer.submit(signAllInputs(bump(built.tx, built.fee + 1n), net.alice.privateKey))).rejects.toMatchObject({ code: 'TX_NATIVE_NOT_CONSERVED' });
    await expect(net.producer.submit(signAllInputs(bump(built.tx, 1n), net.alice.privateKey))).rejects.toMatchObject({ code: 'TX_FEE_TOO_LOW' });
    const mint: Transaction = { ...built.tx, inputs: [] };
    await expect(net.producer.submit(mint)).rejects.toMatchObject({ code: 'TX_NO_INPUTS' });
    await expect(net.producer.submit({ ...signBuilt(built, net.alice.privateKey), chainId: utf8Encode('other') })).rejects.toMatchObject({ code: 'TX_WRONG_CHAIN' });
  });

  it('a coinbase may claim the block\'s fees and no more', async () => {
    const a = signBuilt(buildTransfer({ view: net.store.index, chainId: CHAIN_ID, from: net.alice.address, to: net.bob.address, amount: 1_000_000n }), net.alice.privateKey);
    const fee = (await net.producer.submit(a)).fee;
    const coinbase = (amount: bigint): Transaction => ({
      version: 1, inputs: [], nonce: 1n, creationTimestamp: 0n, chainId: utf8Encode(CHAIN_ID),
      outputs: [{ owner: net.carol.address, locks: [{ kind: 'singleKey', addressHash: net.carol.address }], content: { type: 'asset', asset: { kind: 'native', amount } } }],
    });
    await expect(net.executor.execute(blockOf(net.store.index, [a, coinbase(fee + 1n)], net.now()), net.store.index)).rejects.toMatchObject({ code: 'TX_BAD_COINBASE' });
    await expect(net.executor.execute(blockOf(net.store.index, [coinbase(fee), a], net.now()), net.store.index)).rejects.toMatchObject({ code: 'TX_NO_INPUTS' });
    const ok = await net.executor.execute(blockOf(net.store.index, [a, coinbase(fee)], net.now()), net.store.index);
    await net.store.commit(ok);
    expect(net.store.tip!.miner).toEqual(net.carol.address);
  });

  it('rejects blocks that do not extend the tip or lie about their roots', async () => {
    const a = signBuilt(buildTransfer({ view: net.store.index, chainId: CHAIN_ID, from: net.alice.address, to: net.bob.address, amount: 1_000_000n }), net.alice.privateKey);
    const good = blockOf(net.store.index, [a], net.now());
    const with_ = (h: Partial<typeof good.header>) => ({ ...good, header: { ...good.header, ...h } });
    await expect(net.executor.execute(with_({ height: 5n }), net.store.index)).rejects.toMatchObject({ code: 'CHAIN_BAD_HEIGHT' });
    await expect(net.executor.execute(with_({ previousHash: new Uint8Array(32) }), net.store.index)).rejects.toMatchObject({ code: 'CHAIN_BAD_PARENT' });
    await expect(net.executor.execute(with_({ timestamp: 1n }), net.store.index)).rejects.toMatchObject({ code: 'CHAIN_BAD_TIMESTAMP' });
    await expect(net.executor.execute(with_({ merkleRoot: new Uint8Array(32) }), net.store.index)).rejects.toMatchObject({ code: 'CHAIN_BAD_MERKLE_ROOT' });
    await expect(net.executor.execute(with_({ stateRoot: new Uint8Array(32) }), net.store.index)).rejects.toMatchObject({ code: 'CHAIN_BAD_STATE_ROOT' });
    await expect(net.store.commit({ ...(await net.executor.execute(good, net.store.index)), info: { ...net.store.tip! } })).rejects.toMatchObject({ code: 'CHAIN_BAD_HEIGHT' });
  });
});
