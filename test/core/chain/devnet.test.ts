import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTransfer, signBuilt } from '../../../internal/core/tx/builder.js';
import { minimumFee } from '../../../internal/core/tx/fee-policy.js';
import { ChainStore } from '../../../internal/core/chain/chain-store.js';
import { CHAIN_ID, GENESIS_SPLIT, balanceOf, devnet, type Devnet } from './devnet.js';

describe('devnet: transfer, produce, reopen', () => {
  let net: Devnet;
  beforeEach(async () => {
    net = await devnet({ withMiner: true });
  });
  afterEach(async () => net.close());

  it('moves coins, pays the minimum fee to the miner, and survives a reopen', async () => {
    const built = buildTransfer({ view: net.store.index, chainId: CHAIN_ID, from: net.alice.address, to: net.bob.address, amount: 7_000_000n });
    const signed = signBuilt(built, net.alice.privateKey);
    const v = await net.producer.submit(signed);
    expect(v.fee).toBe(built.fee);
    expect(v.fee).toBe(minimumFee(v.size));
    net.advance(5n);
    const info = await net.producer.produce();
    expect(info.height).toBe(1n);
    expect(info.timestamp).toBe(net.now());
    expect(balanceOf(net, net.bob.address)).toBe(GENESIS_SPLIT.reduce((a, b) => a + b) + 7_000_000n);
    expect(balanceOf(net, net.miner.address)).toBe(v.fee);
    expect(info.miner).toEqual(net.miner.address);
    // smallest single UTXO >= need: the 20_000_000 one
    expect(built.tx.inputs).toHaveLength(1);
    expect(net.store.index.utxos.get(built.tx.inputs[0]!.outPoint)).toBeUndefined();

    const utxosBefore = net.store.index.allUtxos();
    const tipBefore = net.store.tip;
    await net.store.close();
    const reopened = await ChainStore.open(net.dir, { chainId: CHAIN_ID });
    try {
      expect(reopened.tip).toEqual(tipBefore);
      expect(reopened.index.allUtxos()).toEqual(utxosBefore);
      const block = await reopened.getBlock(1n);
      expect(block?.transactions).toHaveLength(2); // transfer + coinbase
      expect(await reopened.txLocation(v.txId)).toEqual({ height: 1n, txIndex: 0 });
    } finally {
      await reopened.close();
    }
  });

  it('produces blocks on an interval until stopped, with monotone timestamps from the producer clock', async () => {
    net.producer.start(10);
    for (let i = 0; i < 200 && (net.store.height ?? 0n) < 3n; i++) await new Promise((r) => setTimeout(r, 10));
    await net.producer.stop();
    const h = net.store.height!;
    expect(h).toBeGreaterThanOrEqual(3n);
    await new Promise((r) => setTimeout(r, 40));
    expect(net.store.height).toBe(h);
    for (let i = 1n; i <= h; i++) expect(net.store.index.blocks.blockAt(i)!.timestamp).toBe(net.now());
  });
});
