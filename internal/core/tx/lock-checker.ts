/**
 * Verifies that an input's unlocking proof satisfies the lock of the UTXO it spends, for every
 * lock kind of the model (wes-notes §2.4), for real: signatures are checked over the input's
 * signature hash, heights and timestamps against the block the transaction is in, and a
 * ContractLock only by re-execution (the verifier tells us whether this input is one the
 * re-executed call itself spent).
 *
 * An output's locks are alternatives: the proof must satisfy one of them. An output with no
 * lock cannot be spent. Only SIGHASH_ALL has defined semantics, so it is the only type accepted.
 */
import { bytesEqual, hash160 } from '../../../pkg/encoding.js';
import {
  SIGHASH_ALL,
  type BaseUnlockingProof,
  type DelegationProof,
  type LockingCondition,
  type MultiKeyProof,
  type ThresholdProof,
  type Transaction,
  type UnlockingProof,
  type Utxo,
} from '../../../pkg/model.js';
import { sighashPreimage } from './hashing.js';
import { verifySignatureDigest } from './sigverify.js';
import { sighashDigestOf } from './tx-bytes.js';
import { utxoAmount } from './utxo-selector.js';

export interface LockContext {
  readonly tx: Transaction;
  /** unsignedBytes(tx), computed once per transaction. */
  readonly unsigned: Uint8Array;
  readonly inputIndex: number;
  readonly utxo: Utxo;
  readonly blockHeight: bigint;
  readonly blockTimestamp: bigint;
  /** True when this input is part of the effects the re-executed ContractCall produced. */
  readonly spentByCall: boolean;
}

/** Threshold signatures are checked as t-of-n individual ECDSA shares (no aggregate scheme yet). */
export const THRESHOLD_SCHEME = 'ecdsa-secp256k1-shares';

/** DelegationProof has no public-key field: delegate_signature carries r‖s (64) ‖ compressed key (33). */
export const DELEGATE_SIGNATURE_LENGTH = 97;

function signedBy(ctx: LockContext, signature: Uint8Array, publicKey: Uint8Array, sighashType: number): boolean {
  if (sighashType !== SIGHASH_ALL) return false;
  // The digest is memoised per transaction object: the signature pool and admission computed it already.
  return verifySignatureDigest(signature, sighashDigestOf(ctx.tx, ctx.inputIndex, sighashType), publicKey, () => sighashPreimage(ctx.unsigned, ctx.inputIndex, sighashType));
}

/** Distinct valid signatures by keys of `keys`, counted once per key index. */
function countKeySignatures(ctx: LockContext, keys: readonly Uint8Array[], proof: MultiKeyProof): number {
  const seen = new Set<number>();
  for (const s of proof.signatures) {
    const key = keys[s.keyIndex];
    if (key === undefined || seen.has(s.keyIndex)) return -1; // out of range or repeated: malformed
    if (!signedBy(ctx, s.signature, key, s.sighashType)) return -1;
    seen.add(s.keyIndex);
  }
  return seen.size;
}

function countThresholdShares(ctx: LockContext, keys: readonly Uint8Array[], proof: ThresholdProof): number {
  if (proof.signatureScheme !== THRESHOLD_SCHEME || proof.combinedSignature.length !== 0) return -1;
  const seen = new Set<number>();
  for (const s of proof.shares) {
    const key = keys[s.partyId];
    if (key === undefined || seen.has(s.partyId) || !bytesEqual(key, s.verificationKey)) return -1;
    if (!signedBy(ctx, s.signatureShare, key, SIGHASH_ALL)) return -1;
    seen.add(s.partyId);
  }
  return seen.size;
}

function delegationOk(ctx: LockContext, lock: Extract<LockingCondition, { kind: 'delegation' }>, p: DelegationProof): string | undefined {
  if (!lock.delegates.some((d) => bytesEqual(d, p.delegateAddress))) return 'the delegate is not allowed by the lock';
  // The proof names the UTXO it spends and its full value, so it cannot be replayed elsewhere.
  if (!bytesEqual(p.delegationTxId, ctx.utxo.outPoint.txId) || p.delegationOutputIndex !== ctx.utxo.outPoint.index) {
    return 'the delegation proof names a different UTXO';
  }
  const amount = utxoAmount(ctx.utxo);
  if (p.valueAmount !== amount) return `the delegation proof declares ${p.valueAmount}, the UTXO holds ${amount}`;
  if (lock.maxValuePerOperation !== undefined && amount > lock.maxValuePerOperation) {
    return `the UTXO holds ${amount}, above the delegate limit ${lock.maxValuePerOperation}`;
  }
  if (p.delegateSignature.length !== DELEGATE_SIGNATURE_LENGTH) return 'delegate_signature must be 64-byte signature ‖ 33-byte public key';
  const signature = p.delegateSignature.subarray(0, 64);
  const publicKey = p.delegateSignature.subarray(64);
  if (!bytesEqual(hash160(publicKey), p.delegateAddress)) return 'the delegate key does not hash to the delegate address';
  return signedBy(ctx, signature, publicKey, SIGHASH_ALL) ? undefined : 'bad delegate signature';
}

/** Why `proof` does not satisfy `lock`, or undefined when it does. */
export function lockFailure(lock: LockingCondition, proof: UnlockingProof | undefined, ctx: LockContext): string | undefined {
  switch (lock.kind) {
    case 'timeLock':
      if (ctx.blockTimestamp < lock.unlockTimestamp) return `time-locked until ${lock.unlockTimestamp} (block time ${ctx.blockTimestamp})`;
      return lockFailure(lock.base, proof?.kind === 'time' ? proof.base : proof, ctx);
    case 'heightLock':
      if (ctx.blockHeight < lock.unlockHeight) return `height-locked until ${lock.unlockHeight} (block height ${ctx.blockHeight})`;
      return lockFailure(lock.base, proof?.kind === 'height' ? proof.base : proof, ctx);
    case 'contract':
      return contractLockFailure(lock, proof, ctx);
    default:
      if (proof === undefined) return 'no unlocking proof';
      if (proof.kind === 'time' || proof.kind === 'height') return `a ${proof.kind} proof for a lock that is neither time nor height`;
      return keyLockFailure(lock, proof, ctx);
  }
}

function contractLockFailure(lock: Extract<LockingCondition, { kind: 'contract' }>, proof: UnlockingProof | undefined, ctx: LockContext): string | undefined {
  const call = ctx.tx.contractCall;
  if (!ctx.spentByCall || call === undefined || !bytesEqual(call.contract, lock.contract)) {
    return 'a ContractLock UTXO can only be spent by a call of that contract that spends it itself';
  }
  if (lock.method !== undefined && lock.method !== call.method) return `the lock requires method ${lock.method}, the call is ${call.method}`;
  // An ExecutionProof is only a claim; if one is attached it must at least name this contract (WES never compared).
  if (proof !== undefined && (proof.kind !== 'execution' || !bytesEqual(proof.context.resourceAddress, lock.contract))) {
    return 'the attached proof is not an execution proof of the locking contract';
  }
  return undefined;
}

function keyLockFailure(lock: LockingCondition, proof: BaseUnlockingProof, ctx: LockContext): string | undefined {
  switch (lock.kind) {
    case 'singleKey':
      if (proof.kind !== 'singleKey') return `a ${proof.kind} proof for a single-key lock`;
      if (!bytesEqual(hash160(proof.publicKey), lock.addressHash)) return 'the public key does not hash to the locked address';
      return signedBy(ctx, proof.signature, proof.publicKey, proof.sighashType) ? undefined : 'bad signature';
    case 'multiKey': {
      if (proof.kind !== 'multiKey') return `a ${proof.kind} proof for a multi-key lock`;
      if (lock.required < 1 || lock.required > lock.publicKeys.length) return 'malformed multi-key lock';
      const n = countKeySignatures(ctx, lock.publicKeys, proof);
      return n >= lock.required ? undefined : n < 0 ? 'a bad, repeated or out-of-range signature' : `${n} of ${lock.required} signatures`;
    }
    case 'threshold': {
      if (proof.kind !== 'threshold') return `a ${proof.kind} proof for a threshold lock`;
      if (lock.threshold < 1 || lock.threshold > lock.publicKeys.length) return 'malformed threshold lock';
      const n = countThresholdShares(ctx, lock.publicKeys, proof);
      return n >= lock.threshold ? undefined : n < 0 ? 'a bad, repeated or foreign share' : `${n} of ${lock.threshold} shares`;
    }
    case 'delegation':
      // The original owner spends with a plain signature; a delegate with a delegation proof.
      if (proof.kind === 'singleKey') {
        return keyLockFailure({ kind: 'singleKey', addressHash: lock.originalOwner }, proof, ctx);
      }
      if (proof.kind !== 'delegation') return `a ${proof.kind} proof for a delegation lock`;
      return delegationOk(ctx, lock, proof);
    default:
      return `unexpected lock ${lock.kind}`;
  }
}

/** Undefined when one of the UTXO's locks is satisfied; otherwise the reasons, one per lock. */
export function unlockFailure(proof: UnlockingProof | undefined, ctx: LockContext): string | undefined {
  const locks = ctx.utxo.output.locks;
  if (locks.length === 0) return 'the output has no lock and cannot be spent';
  const reasons: string[] = [];
  for (const lock of locks) {
    const why = lockFailure(lock, proof, ctx);
    if (why === undefined) return undefined;
    reasons.push(`${lock.kind}: ${why}`);
  }
  return reasons.join('; ');
}
