/** Every lock kind: accepted with the right proof, rejected with a wrong one (real signatures). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGHASH_ALL, type LockingCondition, type Transaction, type TxOutput, type UnlockingProof, type Utxo } from '../../../pkg/model.js';
import { buildPayment, signBuilt } from '../../../internal/core/tx/builder.js';
import { sighashPreimage, unsignedBytes } from '../../../internal/core/tx/hashing.js';
import { signMessage, type KeyPair } from '../../../internal/core/tx/signing.js';
import { THRESHOLD_SCHEME } from '../../../internal/core/tx/lock-checker.js';
import { CHAIN_ID, devnet, testKey, type Devnet } from '../chain/devnet.js';

const VALUE = 1_000_000n;
const T_UNLOCK = 1_800_000_000n;
const H_UNLOCK = 50n;

describe('lock kinds', () => {
  let net: Devnet;
  const dave = testKey('dave');
  const erin = testKey('erin');
  const locked = new Map<string, Utxo>();

  const single = (k: KeyPair): LockingCondition => ({ kind: 'singleKey', addressHash: k.address });
  const locks = (): Record<string, LockingCondition> => ({
    singleKey: single(net.bob),
    multiKey: { kind: 'multiKey', required: 2, publicKeys: [net.bob.publicKey, net.carol.publicKey, dave.publicKey] },
    timeLock: { kind: 'timeLock', unlockTimestamp: T_UNLOCK, base: single(net.bob) },
    heightLock: { kind: 'heightLock', unlockHeight: H_UNLOCK, base: single(net.bob) },
    delegation: { kind: 'delegation', originalOwner: net.bob.address, delegates: [dave.address], maxValuePerOperation: VALUE },
    threshold: { kind: 'threshold', threshold: 2, publicKeys: [net.bob.publicKey, net.carol.publicKey, dave.publicKey] },
    none: { kind: 'singleKey', addressHash: new Uint8Array(20) }, // placeholder, replaced below by an output with no lock
  });

  beforeAll(async () => {
    net = await devnet();
    const all = locks();
    const names = Object.keys(all);
    const outputs: TxOutput[] = names.map((n) => ({
      owner: net.bob.address,
      locks: n === 'none' ? [] : [all[n]!],
      content: { type: 'asset', asset: { kind: 'native', amount: VALUE } },
    }));
    const fund = buildPayment({ view: net.store.index, chainId: CHAIN_ID, from: net.alice.address, outputs });
    await net.producer.submit(signBuilt(fund, net.alice.privateKey));
    await net.producer.produce();
    names.forEach((n, index) => locked.set(n, net.store.index.utxos.get({ txId: fund.txId, index })!));
  });
  afterAll(async () => net.close());

  /** Spends the `name` UTXO to erin, leaving a generous fee. */
  function spend(name: string): Transaction {
    const u = locked.get(name)!;
    return {
      version: 1, nonce: 0n, creationTimestamp: 0n, chainId: new TextEncoder().encode(CHAIN_ID),
      inputs: [{ outPoint: u.outPoint, referenceOnly: false }],
      outputs: [{ owner: erin.address, locks: [single(erin)], content: { type: 'asset', asset: { kind: 'native', amount: VALUE - 100_000n } } }],
    };
  }
  const sig = (tx: Transaction, k: KeyPair): Uint8Array => signMessage(sighashPreimage(unsignedBytes(tx), 0, SIGHASH_ALL), k.privateKey);
  const singleProof = (tx: Transaction, k: KeyPair): UnlockingProof => ({ kind: 'singleKey', signature: sig(tx, k), publicKey: k.publicKey, sighashType: SIGHASH_ALL });
  const withProof = (tx: Transaction, proof: UnlockingProof): Transaction => ({ ...tx, inputs: [{ ...tx.inputs[0]!, proof }] });

  async function verify(tx: Transaction, at: { height?: bigint; timestamp?: bigint } = {}): Promise<string> {
    try {
      await net.verifier.verify({ tx, view: net.store.index, chainId: CHAIN_ID, at: { height: at.height ?? 2n, timestamp: at.timestamp ?? net.now(), txIndex: 0 } });
      return 'ok';
    } catch (e) {
      return (e as { code: string }).code;
    }
  }

  it('single key: owner signature ok; other key, tampered signature or no proof rejected', async () => {
    const tx = spend('singleKey');
    expect(await verify(withProof(tx, singleProof(tx, net.bob)))).toBe('ok');
    expect(await verify(withProof(tx, singleProof(tx, net.carol)))).toBe('TX_UNLOCK_FAILED');
    const p = singleProof(tx, net.bob) as Extract<UnlockingProof, { kind: 'singleKey' }>;
    const bad = p.signature.slice();
    bad[10]! ^= 1;
    expect(await verify(withProof(tx, { ...p, signature: bad }))).toBe('TX_UNLOCK_FAILED');
    expect(await verify(withProof(tx, { ...p, sighashType: 2 }))).toBe('TX_UNLOCK_FAILED');
    expect(await verify(tx)).toBe('TX_UNLOCK_FAILED');
    // a signature for another transaction does not carry over
    const other = { ...tx, nonce: 1n };
    expect(await verify(withProof(tx, singleProof(other, net.bob)))).toBe('TX_UNLOCK_FAILED');
  });

  it('multi key 2-of-3: two distinct keys ok; one, a repeat, or an outsider rejected', async () => {
    const tx = spend('multiKey');
    const entry = (keyIndex: number, k: KeyPair) => ({ keyIndex, signature: sig(tx, k), sighashType: SIGHASH_ALL });
    expect(await verify(withProof(tx, { kind: 'multiKey', signatures: [entry(0, net.bob), entry(2, dave)] }))).toBe('ok');
    expect(await verify(withProof(tx, { kind: 'multiKey', signatures: [entry(1, net.carol)] }))).toBe('TX_UNLOCK_FAILED');
    expect(await verify(withProof(tx, { kind: 'multiKey', signatures: [entry(0, net.bob), entry(0, net.bob)] }))).toBe('TX_UNLOCK_FAILED');
    expect(await verify(withProof(tx, { kind: 'multiKey', signatures: [entry(0, net.bob), entry(1, erin)] }))).toBe('TX_UNLOCK_FAILED');
    expect(await verify(withProof(tx, { kind: 'multiKey', signatures: [entry(0, net.bob), entry(3, erin)] }))).toBe('TX_UNLOCK_FAILED');
  });

  it('time lock: spendable from the unlock timestamp of the block, not before', async () => {
    const tx = spend('timeLock');
    const proof: UnlockingProof = { kind: 'time', currentTimestamp: T_UNLOCK, base: singleProof(tx, net.bob) as never };
    expect(await verify(withProof(tx, proof), { timestamp: T_UNLOCK - 1n })).toBe('TX_UNLOCK_FAILED');
    expect(await verify(withProof(tx, proof), { timestamp: T_UNLOCK })).toBe('ok');
    expect(await verify(withProof(tx, { kind: 'time', currentTimestamp: T_UNLOCK, base: singleProof(tx, net.carol) as never }), { timestamp: T_UNLOCK })).toBe('TX_UNLOCK_FAILED');
  });

  it('height lock: spendable from the unlock height, not before', async () => {
    const tx = spend('heightLock');
    const proof: UnlockingProof = { kind: 'height', currentHeight: H_UNLOCK, confirmationBlocks: 0, base: singleProof(tx, net.bob) as never };
    expect(await verify(withProof(tx, proof), { height: H_UNLOCK - 1n })).toBe('TX_UNLOCK_FAILED');
    expect(await verify(withProof(tx, proof), { height: H_UNLOCK })).toBe('ok');
    expect(await verify(withProof(tx, { ...proof, base: singleProof(tx, dave) as never }), { height: H_UNLOCK })).toBe('TX_UNLOCK_FAILED');
  });

  it('delegation: the owner or an allowed delegate (signature, UTXO and value bound) may spend', async () => {
    const tx = spend('delegation');
    const u = locked.get('delegation')!;
    const delegated = (k: KeyPair, over: Partial<Extract<UnlockingProof, { kind: 'delegation' }>> = {}): UnlockingProof => ({
      kind: 'delegation', delegationTxId: u.outPoint.txId, delegationOutputIndex: u.outPoint.index,
      delegateSignature: new Uint8Array([...sig(tx, k), ...k.publicKey]), operationType: 'spend', valueAmount: VALUE, delegateAddress: k.address, ...over,
    });
    expect(await verify(withProof(tx, delegated(dave)))).toBe('ok');
    expect(await verify(withProof(tx, singleProof(tx, net.bob)))).toBe('ok');
    expect(await verify(withProof(tx, delegated(erin)))).toBe('TX_UNLOCK_FAILED');
    expect(await verify(withProof(tx, delegated(dave, { delegateSignature: new Uint8Array([...sig(tx, erin), ...dave.publicKey]) })))).toBe('TX_UNLOCK_FAILED');
    expect(await verify(withProof(tx, delegated(dave, { valueAmount: VALUE - 1n })))).toBe('TX_UNLOCK_FAILED');
    expect(await verify(withProof(tx, delegated(dave, { delegationOutputIndex: u.outPoint.index + 1 })))).toBe('TX_UNLOCK_FAILED');
  });

  it('threshold 2-of-3: two parties\' shares ok; one share or a share under a wrong key rejected', async () => {
    const tx = spend('threshold');
    const share = (partyId: number, k: KeyPair) => ({ partyId, signatureShare: sig(tx, k), verificationKey: k.publicKey });
    const proof = (shares: ReturnType<typeof share>[]): UnlockingProof => ({ kind: 'threshold', shares, combinedSignature: new Uint8Array(0), signatureScheme: THRESHOLD_SCHEME });
    expect(await verify(withProof(tx, proof([share(1, net.carol), share(2, dave)])))).toBe('ok');
    expect(await verify(withProof(tx, proof([share(1, net.carol)])))).toBe('TX_UNLOCK_FAILED');
    expect(await verify(withProof(tx, proof([share(1, net.carol), share(2, erin)])))).toBe('TX_UNLOCK_FAILED');
    expect(await verify(withProof(tx, { ...(proof([share(0, net.bob), share(1, net.carol)]) as object), signatureScheme: 'frost' } as UnlockingProof))).toBe('TX_UNLOCK_FAILED');
  });

  it('an output with no lock cannot be spent by anyone', async () => {
    const tx = spend('none');
    expect(await verify(withProof(tx, singleProof(tx, net.bob)))).toBe('TX_UNLOCK_FAILED');
  });
});
