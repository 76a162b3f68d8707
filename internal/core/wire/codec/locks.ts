/**
 * LockingCondition <-> wire. The model has no algorithm or sighash fields: every key-based lock
 * is written as ECDSA secp256k1 / SIGHASH_ALL, the only combination this engine verifies.
 */
import type { LockingCondition } from '../../../../pkg/model.js';
import { SIGHASH_ALL } from '../../../../pkg/model.js';

/** The one threshold scheme the lock checker verifies (t-of-n secp256k1 shares; tx/lock-checker.ts THRESHOLD_SCHEME). */
const THRESHOLD_SCHEME_NAME = 'ecdsa-secp256k1-shares';
import { TxError } from '../../../../pkg/errors.js';
import type { WLock } from './wire-types.js';
import { ALG_SECP256K1, address, addressOf, bigintOf, bytesOf, missing, u32, u64, unsupported } from './wire.js';

export function lockToWire(lock: LockingCondition): WLock {
  switch (lock.kind) {
    case 'singleKey':
      return {
        singleKeyLock: {
          requiredAddressHash: address(lock.addressHash, 'singleKey.addressHash'),
          requiredAlgorithm: ALG_SECP256K1,
          sighashType: SIGHASH_ALL,
        },
      };
    case 'multiKey':
      return {
        multiKeyLock: {
          requiredSignatures: u32(lock.required, 'multiKey.required'),
          authorizedKeys: lock.publicKeys.map((value) => ({ value })),
          requiredAlgorithm: ALG_SECP256K1,
          sighashType: SIGHASH_ALL,
        },
      };
    case 'contract':
      // An empty method is the same as none: proto3 cannot tell them apart.
      return { contractLock: { contractAddress: address(lock.contract, 'contract.contract'), requiredMethod: lock.method ?? '' } };
    case 'delegation':
      return {
        delegationLock: {
          originalOwner: address(lock.originalOwner, 'delegation.originalOwner'),
          allowedDelegates: lock.delegates.map((d) => address(d, 'delegation.delegates[]')),
          ...(lock.maxValuePerOperation !== undefined && {
            maxValuePerOperation: u64(lock.maxValuePerOperation, 'delegation.maxValuePerOperation'),
          }),
        },
      };
    case 'threshold':
      return {
        thresholdLock: {
          threshold: u32(lock.threshold, 'threshold.threshold'),
          totalParties: lock.publicKeys.length,
          partyVerificationKeys: [...lock.publicKeys],
        },
      };
    case 'timeLock':
      return { timeLock: { unlockTimestamp: u64(lock.unlockTimestamp, 'timeLock.unlockTimestamp'), baseLock: lockToWire(lock.base) } };
    case 'heightLock':
      return { heightLock: { unlockHeight: u64(lock.unlockHeight, 'heightLock.unlockHeight'), baseLock: lockToWire(lock.base) } };
  }
}

export function lockFromWire(w: WLock): LockingCondition {
  if (w.singleKeyLock) {
    if (w.singleKeyLock.requiredPublicKey) throw unsupported('a single-key lock on a public key (P2PK)');
    return { kind: 'singleKey', addressHash: addressOf(w.singleKeyLock.requiredAddressHash, 'singleKeyLock.requiredAddressHash') };
  }
  if (w.multiKeyLock) {
    return {
      kind: 'multiKey',
      required: w.multiKeyLock.requiredSignatures ?? 0,
      publicKeys: (w.multiKeyLock.authorizedKeys ?? []).map((k) => bytesOf(k.value)),
    };
  }
  if (w.contractLock) {
    const method = w.contractLock.requiredMethod;
    return {
      kind: 'contract',
      contract: addressOf(w.contractLock.contractAddress, 'contractLock.contractAddress'),
      ...(method !== undefined && method !== '' && { method }),
    };
  }
  if (w.delegationLock) {
    const max = w.delegationLock.maxValuePerOperation;
    return {
      kind: 'delegation',
      originalOwner: addressOf(w.delegationLock.originalOwner, 'delegationLock.originalOwner'),
      delegates: (w.delegationLock.allowedDelegates ?? []).map((d) => addressOf(d, 'delegationLock.allowedDelegates[]')),
      ...(max !== undefined && { maxValuePerOperation: bigintOf(max) }),
    };
  }
  if (w.thresholdLock) {
    return {
      kind: 'threshold',
      threshold: w.thresholdLock.threshold ?? 0,
      publicKeys: (w.thresholdLock.partyVerificationKeys ?? []).map(bytesOf),
    };
  }
  if (w.timeLock) {
    if (!w.timeLock.baseLock) throw missing('timeLock.baseLock');
    return { kind: 'timeLock', unlockTimestamp: bigintOf(w.timeLock.unlockTimestamp), base: lockFromWire(w.timeLock.baseLock) };
  }
  if (w.heightLock) {
    if (!w.heightLock.baseLock) throw missing('heightLock.baseLock');
    return { kind: 'heightLock', unlockHeight: bigintOf(w.heightLock.unlockHeight), base: lockFromWire(w.heightLock.baseLock) };
  }
  throw missing('LockingCondition.condition');
}

/**
 * Fields of each lock message that the model carries and the verifier enforces, with the values
 * accepted for the ones the model fixes (secp256k1, SIGHASH_ALL, block time). Anything else
 * present on the wire — expiry, authorized operations, deadlines, policies, another algorithm or
 * sighash type — would be dropped by lockFromWire, so the stored lock would be weaker than the
 * one the contract built: strictLockFromWire refuses it instead (TX_LOCK_FIELD_UNENFORCED).
 */
const ENFORCED: Readonly<Record<string, Readonly<Record<string, (v: unknown) => boolean>>>> = {
  singleKeyLock: { requiredAddressHash: any, requiredPublicKey: any, requiredAlgorithm: oneOf(0, ALG_SECP256K1), sighashType: oneOf(0, SIGHASH_ALL) },
  multiKeyLock: { requiredSignatures: any, authorizedKeys: any, requiredAlgorithm: oneOf(0, ALG_SECP256K1), sighashType: oneOf(0, SIGHASH_ALL), requireOrderedSignatures: oneOf(false) },
  contractLock: { contractAddress: any, requiredMethod: any },
  delegationLock: { originalOwner: any, allowedDelegates: any, maxValuePerOperation: any },
  thresholdLock: { threshold: any, partyVerificationKeys: any, totalParties: any, signatureScheme: oneOf('', THRESHOLD_SCHEME_NAME) },
  timeLock: { unlockTimestamp: any, baseLock: any, timeSource: oneOf(0) },
  heightLock: { unlockHeight: any, baseLock: any, confirmationBlocks: oneOf(0) },
};

function any(): boolean {
  return true;
}

function oneOf(...allowed: readonly unknown[]): (v: unknown) => boolean {
  return (v) => allowed.includes(v);
}

function unenforced(path: string, value: unknown): TxError {
  const shown = typeof value === 'object' ? '' : ` = ${JSON.stringify(String(value)).slice(0, 80)}`;
  return new TxError('LOCK_FIELD_UNENFORCED', `${path}${shown} is not enforced by this engine's verifier; a lock carrying it would be stored weaker than built, so it is refused`, { field: path });
}

function checkEnforced(w: WLock, path: string, depth: number): void {
  for (const [kind, fields] of Object.entries(w as Record<string, unknown>)) {
    const rules = ENFORCED[kind];
    if (rules === undefined || typeof fields !== 'object' || fields === null) continue; // lockFromWire names what is missing
    for (const [name, value] of Object.entries(fields as Record<string, unknown>)) {
      const rule = rules[name];
      if (rule === undefined || !rule(value)) throw unenforced(`${path}.${kind}.${name}`, value);
    }
    const t = fields as { partyVerificationKeys?: unknown[]; totalParties?: number };
    if (kind === 'thresholdLock' && t.totalParties !== undefined && t.totalParties !== (t.partyVerificationKeys?.length ?? 0)) {
      throw unenforced(`${path}.thresholdLock.totalParties`, t.totalParties);
    }
    const base = (fields as { baseLock?: WLock }).baseLock;
    if (base !== undefined && depth < 64) checkEnforced(base, `${path}.${kind}.baseLock`, depth + 1);
  }
}

/** lockFromWire that refuses, instead of dropping, every field the verifier would not enforce. */
export function strictLockFromWire(w: WLock): LockingCondition {
  checkEnforced(w, 'lock', 0);
  return lockFromWire(w);
}
