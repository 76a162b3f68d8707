/**
 * Owner is the lock: an output's `owner` is what balances, listings, query_utxo_balance and coin
 * selection go by, so it must name who can spend it. The attack this defends against: an output
 * "paid" to a merchant (owner = merchant) but locked to the attacker's key shows on the
 * merchant's balance while the attacker spends it back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utf8Encode } from '../../../pkg/encoding.js';
import type { LockingCondition, TxOutput, Utxo } from '../../../pkg/model.js';
import type { Address } from '../../../pkg/types.js';
import { heldByOwner, ownerLockMismatch } from '../../../pkg/ownership.js';
import { ChainIndex } from '../../../internal/core/chain/chain-index.js';
import { PendingBlock } from '../../../internal/core/chain/pending-block.js';
import { buildPayment, signBuilt } from '../../../internal/core/tx/builder.js';
import { CHAIN_ID, balanceOf, devnet, deployAndCommit, type Devnet } from '../chain/devnet.js';
import { vaultCode } from '../chain/contracts.js';

const A = new Uint8Array(20).fill(0xa1);
const B = new Uint8Array(20).fill(0xb2);
const T = new Uint8Array(20).fill(0x70); // a token contract

const native = (owner: Address, locks: LockingCondition[], amount = 10n): TxOutput => ({ owner, locks, content: { type: 'asset', asset: { kind: 'native', amount } } });
const token = (owner: Address, locks: LockingCondition[]): TxOutput => ({ owner, locks, content: { type: 'asset', asset: { kind: 'token', contract: T, classId: utf8Encode('TOK'), amount: 5n } } });
const key = (a: Address): LockingCondition => ({ kind: 'singleKey', addressHash: a });
const contractLock = (c: Address): LockingCondition => ({ kind: 'contract', contract: c });

describe('the ownership rule (pkg/ownership.ts)', () => {
  it('a single-key, time-wrapped or delegation lock must name the owner', () => {
    expect(ownerLockMismatch(native(A, [key(A)]), false)).toBeUndefined();
    expect(ownerLockMismatch(native(A, [key(B)]), false)).toMatch(/single-key lock names/);
    expect(ownerLockMismatch(native(A, [key(A), key(B)]), false)).toMatch(/lock 1/); // B could spend "A's" coin
    expect(ownerLockMismatch(native(A, [{ kind: 'heightLock', unlockHeight: 9n, base: { kind: 'timeLock', unlockTimestamp: 1n, base: key(B) } }]), false)).toMatch(/single-key/);
    expect(ownerLockMismatch(native(A, [{ kind: 'delegation', originalOwner: B, delegates: [A] }]), false)).toMatch(/original owner/);
    expect(ownerLockMismatch(native(A, [{ kind: 'multiKey', required: 1, publicKeys: [new Uint8Array(33)] }]), false)).toBeUndefined();
  });

  it('a ContractLock names the owner or the token issuer; a contract-owned output is ContractLock-ed only', () => {
    expect(ownerLockMismatch(token(A, [contractLock(T)]), false)).toBeUndefined(); // the WES token default
    expect(ownerLockMismatch(native(A, [contractLock(T)]), false)).toMatch(/ContractLock names/);
    expect(ownerLockMismatch(native(T, [contractLock(T)]), true)).toBeUndefined();
    expect(ownerLockMismatch(native(T, [key(T)]), true)).toMatch(/must be ContractLock-ed/);
    expect(ownerLockMismatch(native(T, [{ kind: 'timeLock', unlockTimestamp: 1n, base: contractLock(T) }]), true)).toMatch(/must be ContractLock-ed/);
  });

  it('only what the owner alone can spend now is held', () => {
    expect(heldByOwner(native(A, [key(A)]))).toBe(true);
    expect(heldByOwner(token(A, [contractLock(T)]))).toBe(true);
    expect(heldByOwner(native(A, [key(B)]))).toBe(false);
    expect(heldByOwner(native(A, [key(A), { kind: 'multiKey', required: 1, publicKeys: [new Uint8Array(33)] }]))).toBe(false);
    expect(heldByOwner(native(A, [{ kind: 'timeLock', unlockTimestamp: 1n, base: key(A) }]))).toBe(false);
    expect(heldByOwner(native(A, []))).toBe(false);
  });
});

describe('balances, listings and selection count only what the owner can spend', () => {
  // Outputs stored before the rule (or by another implementation) must not count either.
  const utxo = (n: number, output: TxOutput): Utxo => ({ outPoint: { txId: new Uint8Array(32).fill(n), index: 0 }, blockHeight: 0n, output });

  it('the chain index and the pending-block overlay list held outputs only', () => {
    const index = new ChainIndex('x');
    index.addUtxo(utxo(1, native(A, [key(A)], 100n)));
    index.addUtxo(utxo(2, native(A, [key(B)], 50_000_000_000n))); // the forged payment
    index.addUtxo(utxo(3, native(A, [{ kind: 'multiKey', required: 1, publicKeys: [new Uint8Array(33)] }], 7n)));
    index.addUtxo(utxo(4, token(A, [contractLock(T)])));
    expect(index.utxos.listByOwner(A, { kind: 'native' }).map((u) => u.outPoint.txId[0])).toEqual([1]);
    expect(index.utxosOwnedBy(A).map((u) => u.outPoint.txId[0])).toEqual([1, 4]);
    expect(index.utxos.get({ txId: new Uint8Array(32).fill(2), index: 0 })).toBeDefined(); // still spendable by B's key
    index.removeUtxo({ txId: new Uint8Array(32).fill(2), index: 0 });
    expect(index.utxoCount).toBe(3);

    const pending = new PendingBlock(index);
    const txId = new Uint8Array(32).fill(9);
    pending.add({
      tx: { version: 1, inputs: [], outputs: [], nonce: 0n, creationTimestamp: 0n, chainId: new Uint8Array(0) }, txId, size: 0, fee: 0n, spent: [],
      created: [utxo(9, native(A, [key(B)])), { ...utxo(9, native(A, [key(A)], 3n)), outPoint: { txId, index: 1 } }],
      stateWrites: [], deployments: [], receipt: undefined,
    });
    expect(pending.utxos.listByOwner(A, { kind: 'native' }).map((u) => `${u.outPoint.txId[0]}:${u.outPoint.index}`)).toEqual(['1:0', '9:1']);
  });
});

describe('the verifier enforces it (TX_OWNER_LOCK_MISMATCH)', () => {
  let net: Devnet;
  let contract: Address;
  beforeAll(async () => {
    net = await devnet();
    contract = await deployAndCommit(net, await vaultCode());
  });
  afterAll(async () => net.close());

  const pay = (outputs: TxOutput[], nonce: bigint) => signBuilt(buildPayment({ view: net.store.index, chainId: CHAIN_ID, from: net.carol.address, outputs, nonce }), net.carol.privateKey);

  it('refuses a payment owned by the merchant but locked to the attacker, directly or under a time lock', async () => {
    const before = balanceOf(net, net.bob.address);
    await expect(net.producer.submit(pay([native(net.bob.address, [key(net.carol.address)], 50_000n)], 1n))).rejects.toMatchObject({ code: 'TX_OWNER_LOCK_MISMATCH' });
    const wrapped: LockingCondition = { kind: 'timeLock', unlockTimestamp: 0n, base: key(net.carol.address) };
    await expect(net.producer.submit(pay([native(net.bob.address, [wrapped], 50_000n)], 2n))).rejects.toMatchObject({ code: 'TX_OWNER_LOCK_MISMATCH' });
    await net.producer.produce();
    expect(balanceOf(net, net.bob.address)).toBe(before);
  });

  it('refuses a key lock on an output a contract owns, accepts its ContractLock', async () => {
    await expect(net.producer.submit(pay([native(contract, [key(contract)], 50_000n)], 3n))).rejects.toMatchObject({ code: 'TX_OWNER_LOCK_MISMATCH' });
    await net.producer.submit(pay([native(contract, [contractLock(contract)], 50_000n)], 4n));
    await net.producer.produce();
    expect(net.store.index.utxos.listByOwner(contract, { kind: 'native' }).map((u) => u.output.locks)).toEqual([[contractLock(contract)]]);
  });

  it('accepts an honest payment (owner = key) and credits it', async () => {
    const before = balanceOf(net, net.bob.address);
    await net.producer.submit(pay([native(net.bob.address, [key(net.bob.address)], 50_000n)], 5n));
    await net.producer.produce();
    expect(balanceOf(net, net.bob.address)).toBe(before + 50_000n);
  });
});
