/**
 * Every stored byte is paid for: a call's receipt (return data once, each event three times with
 * a per-copy overhead) is priced at STORAGE_FEE_PER_BYTE on top of the transaction's own bytes.
 * The builder prices it from the simulation; the call's execution at inclusion recomputes it, and
 * a call whose fee pays for its bytes and gas but not for its effects fails (refused at admission).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transaction } from '../../../pkg/model.js';
import type { Address } from '../../../pkg/types.js';
import { simulateAndBuildCall, signBuilt } from '../../../internal/core/tx/builder.js';
import {
  EVENT_COPIES, EVENT_RECORD_OVERHEAD_BYTES, FEE_PER_BYTE, STORAGE_FEE_PER_BYTE, minimumFee, receiptStorageBytes,
} from '../../../internal/core/tx/fee-policy.js';
import { signAllInputs } from '../../../internal/core/tx/signing.js';
import { effectsStorageBytes, storageAllowance } from '../../../internal/core/tx/call-pipeline.js';
import { encodeTransaction } from '../../../internal/core/wire/codec.js';
import { CHAIN_ID, devnet, deployAndCommit, type Devnet } from '../chain/devnet.js';
import { vaultCode } from '../chain/contracts.js';

const EVENT = '{"minted":1000}'; // what the vault's mint emits

describe('storage pricing of call receipts', () => {
  let net: Devnet;
  let contract: Address;
  beforeAll(async () => {
    net = await devnet();
    contract = await deployAndCommit(net, await vaultCode());
  });
  afterAll(async () => net.close());

  it('counts return data once and each event three times with its overhead', () => {
    const bytes = receiptStorageBytes({ returnData: new Uint8Array(10), events: [{ data: new Uint8Array(100) }, { data: new Uint8Array(0) }] });
    expect(bytes).toBe(10n + EVENT_COPIES * (100n + EVENT_RECORD_OVERHEAD_BYTES) + EVENT_COPIES * EVENT_RECORD_OVERHEAD_BYTES);
    expect(FEE_PER_BYTE).toBe(2n * STORAGE_FEE_PER_BYTE); // a transaction byte is stored twice
    // The reported attack: 1,024 events of 64 KiB used to cost 0.0008 WES; now it would cost (were it not capped per call):
    const attack = receiptStorageBytes({ returnData: new Uint8Array(0), events: Array.from({ length: 1024 }, () => ({ data: new Uint8Array(65536) })) });
    expect(STORAGE_FEE_PER_BYTE * attack).toBeGreaterThan(10n * 100_000_000n); // > 10 WES
  });

  it('the builder charges for the receipt; one base unit less is refused with TX_FEE_TOO_LOW', async () => {
    const at = { height: net.store.height! + 1n, timestamp: net.now(), txIndex: 0 };
    const built = await simulateAndBuildCall(net.engine, { view: net.store.index, chainId: CHAIN_ID, payer: net.alice.address, call: { contract, method: 'mint', payload: new Uint8Array(0), gasLimit: 5_000_000n } }, at);
    expect(receiptStorageBytes(built.result)).toBe(BigInt(built.result.returnData.length) + EVENT_COPIES * (BigInt(EVENT.length) + EVENT_RECORD_OVERHEAD_BYTES));
    // Execution at inclusion: the effects (receipt, effect outputs, spends) are priced, with headroom.
    const stored = effectsStorageBytes(built.effects.receipt);
    expect(stored).toBeGreaterThan(receiptStorageBytes(built.result)); // the minted token output is stored too
    const signed = signBuilt(built, net.alice.privateKey);
    const size = encodeTransaction(signed).length;
    expect(built.fee).toBeGreaterThanOrEqual(minimumFee(size, 5_000_000n, storageAllowance(built.effects.receipt)));
    expect(built.fee - STORAGE_FEE_PER_BYTE * stored).toBeLessThan(minimumFee(size, 5_000_000n, stored)); // the storage part is not optional

    // Pay exactly the old price (bytes + gas, no receipt): the change output grows by the storage fee.
    const underpaid = built.fee - minimumFee(size, 5_000_000n, 0n);
    const change = built.tx.outputs.length - 1;
    const cheap: Transaction = {
      ...built.tx,
      outputs: built.tx.outputs.map((o, i) =>
        i === change && o.content.type === 'asset' && o.content.asset.kind === 'native'
          ? { ...o, content: { type: 'asset', asset: { kind: 'native', amount: o.content.asset.amount + underpaid } } }
          : o),
    };
    await expect(net.producer.submit(signAllInputs(cheap, net.alice.privateKey))).rejects.toMatchObject({ code: 'TX_FEE_TOO_LOW' });
    const v = await net.producer.submit(signed);
    expect(v.fee).toBe(built.fee);
    await net.producer.produce();
    expect((await net.store.getReceipt(v.txId))?.events).toHaveLength(1);
  });
});
