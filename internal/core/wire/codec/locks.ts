/**
 * LockingCondition <-> wire. The model has no algorithm or sighash fields: every key-based lock
 * is written as ECDSA secp256k1 / SIGHASH_ALL, the only combination this engine verifies.
 */
import type { LockingCondition } from '../../../../pkg/model.js';
import { SIGHASH_ALL } from '../../../../pkg/model.js';
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
