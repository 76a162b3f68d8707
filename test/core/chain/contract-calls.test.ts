import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesEqual, utf8Encode } from '../../../pkg/encoding.js';
import type { Transaction, TxOutput } from '../../../pkg/model.js';
import type { Address } from '../../../pkg/types.js';
import { buildDeploy, buildPayment, simulateAndBuildCall, signBuilt, type BuiltTransaction } from '../../../internal/core/tx/builder.js';
import { signAllInputs } from '../../../internal/core/tx/signing.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { ChainStore } from '../../../internal/core/chain/chain-store.js';
import { CHAIN_ID, devnet, type Devnet } from './devnet.js';
import { vaultCode } from './contracts.js';
import { toHex } from '../../../pkg/encoding.js';

const GAS = 5_000_000n;
const TOK = utf8Encode('TOK');

function tokenOutputs(outputs: readonly TxOutput[] | undefined): TxOutput[] {
  return (outputs ?? []).filter((o) => o.content.type === 'asset' && o.content.asset.kind === 'token');
}

function withLessNative(o: TxOutput, less: bigint): TxOutput {
  if (o.content.type !== 'asset' || o.content.asset.kind !== 'native') throw new Error('not a native output');
  return { ...o, content: { type: 'asset', asset: { kind: 'native', amount: o.content.asset.amount - less } } };
}

describe('contract calls: deploy, execution at inclusion, minting and ContractLock spends', () => {
  let net: Devnet;
  let contract: Address;

  const nextAt = (): { height: bigint; timestamp: bigint; txIndex: number } => ({
    height: net.store.height! + 1n,
    timestamp: net.now(),
    txIndex: 0,
  });

  async function call(method: string, payload: Uint8Array = new Uint8Array(0), nonce = 0n): Promise<BuiltTransaction> {
    return simulateAndBuildCall(net.engine, {
      view: net.store.index, chainId: CHAIN_ID, payer: net.alice.address, nonce,
      call: { contract, method, payload, gasLimit: GAS },
    }, nextAt());
  }

  beforeAll(async () => {
    net = await devnet();
    const code = await vaultCode();
    const deploy = buildDeploy({ view: net.store.index, chainId: CHAIN_ID, from: net.alice.address, code });
    contract = deploy.contract;
    await net.producer.submit(signBuilt(deploy, net.alice.privateKey), deploy.attachments);
    await net.producer.produce();
    expect(net.store.index.codeOf(contract)).toEqual(code);
    expect(net.store.index.resources.get(deploy.tx.outputs[0]!.content.type === 'resource' ? deploy.tx.outputs[0]!.content.resource.contentHash : new Uint8Array(32))?.json).toContain('EXECUTABLE');
  });
  afterAll(async () => net.close());

  it('a deployment without its code attached is rejected', async () => {
    const deploy = buildDeploy({ view: net.store.index, chainId: CHAIN_ID, from: net.bob.address, code: (await vaultCode()).slice().fill(0, 8, 9), nonce: 1n });
    await expect(net.producer.submit(signBuilt(deploy, net.bob.privateKey))).rejects.toMatchObject({ code: 'TX_MISSING_CODE' });
  });

  it('mints through a call executed at inclusion: tokens, state, receipt and events are committed', async () => {
    const built = await call('mint');
    // The signed transaction carries the intent only: no token or state output.
    expect(tokenOutputs(built.tx.outputs)).toHaveLength(0);
    expect(built.tx.outputs.every((o) => o.content.type === 'asset' && o.content.asset.kind === 'native')).toBe(true);
    const v = await net.producer.submit(signBuilt(built, net.alice.privateKey));
    expect(v.receipt?.events).toHaveLength(1);
    const tokens = tokenOutputs(v.receipt?.outputs);
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.locks).toEqual([{ kind: 'contract', contract }]);
    const info = await net.producer.produce();
    expect(net.store.index.state.get(contract, utf8Encode('supply'))).toEqual({ value: utf8Encode('{"minted":1000}'), version: 1n });
    const receipt = await net.store.getReceipt(v.txId);
    expect(receipt?.status).toBe(0);
    expect(receipt?.gasUsed).toBeGreaterThan(0n);
    const byContract = await net.store.eventsByContract(contract);
    expect(byContract.map((e) => new TextDecoder().decode(e.data))).toEqual(['{"minted":1000}']);
    expect((await net.store.eventsByBlock(info.height)).map((e) => e.contract)).toEqual([contract]);
    const held = net.store.index.utxos.listByOwner(net.alice.address, { kind: 'token', contract, classId: TOK });
    expect(held.map((u) => u.output.content.type === 'asset' && u.output.content.asset.amount)).toEqual([1000n]);
  });

  it('rejects a forged mint: a token output with no call of the token contract', async () => {
    const forged: TxOutput = {
      owner: net.bob.address, locks: [{ kind: 'singleKey', addressHash: net.bob.address }],
      content: { type: 'asset', asset: { kind: 'token', contract, classId: TOK, amount: 1_000_000n } },
    };
    const base = buildPayment({
      view: net.store.index, chainId: CHAIN_ID, from: net.bob.address, nonce: 9n,
      outputs: [{ owner: net.carol.address, locks: [{ kind: 'singleKey', addressHash: net.carol.address }], content: { type: 'asset', asset: { kind: 'native', amount: 1000n } } }],
    });
    const tx: Transaction = { ...base.tx, outputs: [...base.tx.outputs, forged] };
    await expect(net.producer.submit(signAllInputs(tx, net.bob.privateKey))).rejects.toMatchObject({ code: 'TX_TOKEN_NOT_CONSERVED' });
  });

  it('a signed call carries no effects: state or token outputs added to it are refused', async () => {
    const built = await call('mint', new Uint8Array(0), 1n);
    const state: TxOutput = { owner: contract, locks: [], content: { type: 'state', state: { stateId: utf8Encode('supply'), version: 9n, executionResultHash: new Uint8Array(32), publicInputs: [], value: utf8Encode('{"minted":9999}') } } };
    await expect(net.producer.submit(signAllInputs({ ...built.tx, outputs: [...built.tx.outputs, state] }, net.alice.privateKey))).rejects.toMatchObject({ code: 'TX_STATE_WITHOUT_CALL' });
    const token: TxOutput = { owner: net.alice.address, locks: [{ kind: 'contract', contract }], content: { type: 'asset', asset: { kind: 'token', contract, classId: TOK, amount: 5n } } };
    await expect(net.producer.submit(signAllInputs({ ...built.tx, outputs: [...built.tx.outputs, token] }, net.alice.privateKey))).rejects.toMatchObject({ code: 'TX_TOKEN_NOT_CONSERVED' });
  });

  it('a call reading the block time is included wherever it lands: its effects are computed there', async () => {
    const built = await call('stamp', new Uint8Array(0), 2n); // simulated at the current clock
    const signed = signBuilt(built, net.alice.privateKey);
    net.advance(10n); // the block is produced later than the simulation assumed
    const v = await net.producer.submit(signed);
    expect(toHex(v.txId)).toBe(toHex(built.txId)); // the id is stable from signing to inclusion
    await net.producer.produce();
    expect((await net.store.txLocation(built.txId))?.height).toBe(net.store.height);
    const stamp = net.store.index.state.get(contract, utf8Encode('stamp'));
    expect(stamp && new DataView(stamp.value.buffer, stamp.value.byteOffset).getBigUint64(0, true)).toBe(net.now());
  });

  it('a ContractLock UTXO is spent only by a call of that contract that spends it itself', async () => {
    const lockedToContract: TxOutput = {
      owner: contract, locks: [{ kind: 'contract', contract }],
      content: { type: 'asset', asset: { kind: 'native', amount: 3_000_000n } },
    };
    const fund = buildPayment({ view: net.store.index, chainId: CHAIN_ID, from: net.bob.address, outputs: [lockedToContract], nonce: 4n });
    await net.producer.submit(signBuilt(fund, net.bob.privateKey));
    await net.producer.produce();
    const vault = { txId: fund.txId, index: 0 };
    expect(net.store.index.utxos.get(vault)).toBeDefined();

    // A plain transaction spending it, even signed by the funder, is refused.
    const thief = buildPayment({
      view: net.store.index, chainId: CHAIN_ID, from: net.carol.address, nonce: 5n,
      outputs: [{ owner: net.carol.address, locks: [{ kind: 'singleKey', addressHash: net.carol.address }], content: { type: 'asset', asset: { kind: 'native', amount: 3_000_000n } } }],
    });
    const stolen: Transaction = { ...thief.tx, inputs: [...thief.tx.inputs, { outPoint: vault, referenceOnly: false }] };
    await expect(net.producer.submit(signAllInputs(stolen, net.carol.privateKey))).rejects.toMatchObject({ code: 'TX_UNLOCK_FAILED' });

    // The contract's own payment (executed at inclusion) spends it; its change stays under its lock.
    const intent = JSON.stringify({ intents: [{ type: 'transfer', params: { from: toHex(contract), to: toHex(net.alice.address), amount: '2500000' } }] });
    const w = await call('relay', utf8Encode(intent), 6n);
    expect(w.tx.inputs.some((i) => bytesEqual(i.outPoint.txId, vault.txId))).toBe(false);
    const v = await net.producer.submit(signBuilt(w, net.alice.privateKey));
    expect(v.receipt?.spent).toEqual([vault]);
    await net.producer.produce();
    expect(net.store.index.utxos.get(vault)).toBeUndefined();
    const kept = net.store.index.utxos.listByOwner(contract, { kind: 'native' });
    expect(kept.map((u) => [u.output.locks, u.output.content.type === 'asset' && u.output.content.asset.amount])).toEqual([[[{ kind: 'contract', contract }], 500_000n]]);
  });

  it('tokens are conserved per class: a key-locked token cannot become another class or grow', async () => {
    const m = await call('mintfree', new Uint8Array(0), 7n);
    await net.producer.submit(signBuilt(m, net.alice.privateKey));
    await net.producer.produce();
    // Effect output 0 follows the signed outputs (the caller's change).
    const tokenUtxo = net.store.index.utxos.get({ txId: m.txId, index: m.tx.outputs.length })!;
    expect(tokenUtxo.output.locks).toEqual([{ kind: 'singleKey', addressHash: net.alice.address }]);
    const move = (classId: Uint8Array, amount: bigint, nonce: bigint): Transaction => {
      const base = buildPayment({
        view: net.store.index, chainId: CHAIN_ID, from: net.alice.address, nonce,
        outputs: [{ owner: net.alice.address, locks: [{ kind: 'singleKey', addressHash: net.alice.address }], content: { type: 'asset', asset: { kind: 'native', amount: 1000n } } }],
      });
      const out: TxOutput = { owner: net.bob.address, locks: [{ kind: 'singleKey', addressHash: net.bob.address }], content: { type: 'asset', asset: { kind: 'token', contract, classId, amount } } };
      // The extra input and output make it bigger than the builder priced: take more fee from the change.
      const outputs = base.tx.outputs.map((o, i) => (i === base.tx.outputs.length - 1 ? withLessNative(o, 10_000n) : o));
      return signAllInputs({ ...base.tx, inputs: [...base.tx.inputs, { outPoint: tokenUtxo.outPoint, referenceOnly: false }], outputs: [...outputs, out] }, net.alice.privateKey);
    };
    await expect(net.producer.submit(move(utf8Encode('TOX'), 500n, 10n))).rejects.toMatchObject({ code: 'TX_TOKEN_NOT_CONSERVED' });
    await expect(net.producer.submit(move(TOK, 501n, 11n))).rejects.toMatchObject({ code: 'TX_TOKEN_NOT_CONSERVED' });
    await net.producer.submit(move(TOK, 500n, 12n));
    await net.producer.produce();
    expect(net.store.index.utxos.listByOwner(net.bob.address, { kind: 'token', contract, classId: TOK })).toHaveLength(1);
  });

  it('reopening rebuilds the same index from LevelDB: UTXOs, state, code, resources, blocks', async () => {
    const before = {
      utxos: net.store.index.allUtxos(),
      supply: net.store.index.state.get(contract, utf8Encode('supply')),
      stamp: net.store.index.state.get(contract, utf8Encode('stamp')),
      code: net.store.index.codeOf(contract),
      tip: net.store.tip,
      block1: net.store.index.blocks.blockAt(1n),
    };
    await net.store.close();
    const reopened = await ChainStore.open(net.dir, { chainId: CHAIN_ID });
    try {
      expect({
        utxos: reopened.index.allUtxos(),
        supply: reopened.index.state.get(contract, utf8Encode('supply')),
        stamp: reopened.index.state.get(contract, utf8Encode('stamp')),
        code: reopened.index.codeOf(contract),
        tip: reopened.tip,
        block1: reopened.index.blocks.blockAt(1n),
      }).toEqual(before);
      expect(reopened.index.codeByHash(sha256(before.code!))).toEqual(before.code);
    } finally {
      await reopened.close();
    }
  });
});
