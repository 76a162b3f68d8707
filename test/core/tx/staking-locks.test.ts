/**
 * The stake output (pkg/staking.ts, docs/staking.md) under the verifier's existing lock rules:
 * the staker withdraws with a plain signature; the validator recorded in it can never spend it;
 * it survives the wire round trip as a stake and is not part of the staker's spendable balance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGHASH_ALL, type Transaction, type UnlockingProof, type Utxo } from '../../../pkg/model.js';
import { stakeLocks, stakeOf } from '../../../pkg/staking.js';
import { buildPayment, signBuilt } from '../../../internal/core/tx/builder.js';
import { sighashPreimage, unsignedBytes } from '../../../internal/core/tx/hashing.js';
import { signMessage, type KeyPair } from '../../../internal/core/tx/signing.js';
import { CHAIN_ID, devnet, testKey, type Devnet } from '../chain/devnet.js';

const VALUE = 1_000_000n;

describe('stake output lock rules', () => {
  let net: Devnet;
  const validator = testKey('dave');
  const erin = testKey('erin');
  let stake: Utxo;

  beforeAll(async () => {
    net = await devnet();
    const fund = buildPayment({
      view: net.store.index, chainId: CHAIN_ID, from: net.alice.address,
      outputs: [{ owner: net.bob.address, locks: stakeLocks(net.bob.address, validator.address), content: { type: 'asset', asset: { kind: 'native', amount: VALUE } } }],
    });
    await net.producer.submit(signBuilt(fund, net.alice.privateKey));
    await net.producer.produce();
    stake = net.store.index.utxos.get({ txId: fund.txId, index: 0 })!;
  });
  afterAll(async () => net.close());

  const withdraw = (): Transaction => ({
    version: 1, nonce: 0n, creationTimestamp: 0n, chainId: new TextEncoder().encode(CHAIN_ID),
    inputs: [{ outPoint: stake.outPoint, referenceOnly: false }],
    outputs: [{ owner: erin.address, locks: [{ kind: 'singleKey', addressHash: erin.address }], content: { type: 'asset', asset: { kind: 'native', amount: VALUE - 100_000n } } }],
  });
  const sig = (tx: Transaction, k: KeyPair): Uint8Array => signMessage(sighashPreimage(unsignedBytes(tx), 0, SIGHASH_ALL), k.privateKey);
  const withProof = (tx: Transaction, proof: UnlockingProof): Transaction => ({ ...tx, inputs: [{ ...tx.inputs[0]!, proof }] });
  async function verify(tx: Transaction, height = 2n): Promise<string> {
    try {
      await net.verifier.verify({ tx, view: net.store.index, chainId: CHAIN_ID, at: { height, timestamp: net.now(), txIndex: 0 } });
      return 'ok';
    } catch (e) {
      return (e as { code: string }).code;
    }
  }

  it('is stored as a stake (staker and validator read back) and is not in the staker\'s spendable balance', () => {
    expect(stakeOf(stake.output)).toEqual({ staker: net.bob.address, validator: validator.address, amount: VALUE });
    expect(net.store.index.utxos.listByOwner(net.bob.address, { kind: 'native' }).some((u) => u.outPoint.txId === stake.outPoint.txId)).toBe(false);
  });
  it('the staker withdraws with a plain signature', async () => {
    const tx = withdraw();
    expect(await verify(withProof(tx, { kind: 'singleKey', signature: sig(tx, net.bob), publicKey: net.bob.publicKey, sighashType: SIGHASH_ALL }))).toBe('ok');
  });
  it('the validator cannot spend it, at any height, with a delegation proof or its own key; nor can anyone else', async () => {
    const tx = withdraw();
    const delegated: UnlockingProof = {
      kind: 'height', currentHeight: 10n ** 15n, confirmationBlocks: 0,
      base: { kind: 'delegation', delegationTxId: stake.outPoint.txId, delegationOutputIndex: stake.outPoint.index, delegateSignature: new Uint8Array([...sig(tx, validator), ...validator.publicKey]), operationType: 'spend', valueAmount: VALUE, delegateAddress: validator.address },
    };
    expect(await verify(withProof(tx, delegated), 10n ** 15n)).toBe('TX_UNLOCK_FAILED');
    expect(await verify(withProof(tx, delegated.base as UnlockingProof))).toBe('TX_UNLOCK_FAILED');
    expect(await verify(withProof(tx, { kind: 'singleKey', signature: sig(tx, validator), publicKey: validator.publicKey, sighashType: SIGHASH_ALL }))).toBe('TX_UNLOCK_FAILED');
    expect(await verify(withProof(tx, { kind: 'singleKey', signature: sig(tx, erin), publicKey: erin.publicKey, sighashType: SIGHASH_ALL }))).toBe('TX_UNLOCK_FAILED');
  });
});
