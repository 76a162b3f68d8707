/**
 * No silent weakening: a lock a contract hands the host (protobuf for append_asset_output /
 * append_resource_output / draft JSON, JSON for create_asset_output_with_lock / batch items)
 * either keeps every field it carries — because the verifier enforces it — or is refused with a
 * typed error. Before, fields such as an expiry, authorized operations, a deadline or another
 * sighash type were dropped and the lock stored on chain was weaker than the one built.
 */
import { describe, expect, it } from 'vitest';
import { PB, encodeMessage } from '../../../internal/core/wire/proto/root.js';
import { decodeLockingCondition, encodeLockingCondition } from '../../../internal/core/wire/codec.js';
import { lockFromJson } from '../../../internal/core/ispc/hostabi/json-fields.js';
import { decodeLock } from '../../../internal/core/ispc/hostabi/wire-values.js';
import { HostFailure } from '../../../internal/core/ispc/hostabi/host-result.js';
import { HostErrorCode } from '../../../pkg/types.js';
import { toHex } from '../../../pkg/encoding.js';

const A = new Uint8Array(20).fill(0xa1);
const B = new Uint8Array(20).fill(0xb2);
const KEY = new Uint8Array(33).fill(2);

const lock = (w: object): Uint8Array => encodeMessage(PB.LockingCondition, w);

describe('protobuf locks from contracts are decoded strictly', () => {
  it('accepts what the verifier enforces, with the defaulted algorithm and sighash fields present or omitted', () => {
    for (const single of [{ requiredAddressHash: A }, { requiredAddressHash: A, requiredAlgorithm: 1, sighashType: 1 }]) {
      expect(decodeLockingCondition(lock({ singleKeyLock: single }))).toEqual({ kind: 'singleKey', addressHash: A });
    }
    const delegation = { kind: 'delegation', originalOwner: A, delegates: [B], maxValuePerOperation: 5n } as const;
    expect(decodeLockingCondition(encodeLockingCondition(delegation))).toEqual(delegation);
    const nested = { kind: 'heightLock', unlockHeight: 9n, base: { kind: 'timeLock', unlockTimestamp: 3n, base: { kind: 'contract', contract: A, method: 'Pay' } } } as const;
    expect(decodeLockingCondition(encodeLockingCondition(nested))).toEqual(nested);
  });

  const refused: readonly [string, object][] = [
    ['an ed25519 single-key lock', { singleKeyLock: { requiredAddressHash: A, requiredAlgorithm: 3 } }],
    ['SIGHASH_NONE', { singleKeyLock: { requiredAddressHash: A, sighashType: 2 } }],
    ['a single-key custom message', { singleKeyLock: { requiredAddressHash: A, customMessage: new Uint8Array([1]) } }],
    ['SIGHASH_SINGLE on a multi-key lock', { multiKeyLock: { requiredSignatures: 1, authorizedKeys: [{ value: KEY }], sighashType: 3 } }],
    ['ordered multi-key signatures', { multiKeyLock: { requiredSignatures: 1, authorizedKeys: [{ value: KEY }], requireOrderedSignatures: true } }],
    ['a delegation expiry', { delegationLock: { originalOwner: A, allowedDelegates: [B], expiryDurationBlocks: 10 } }],
    ['delegation authorized operations', { delegationLock: { originalOwner: A, allowedDelegates: [B], authorizedOperations: ['transfer'] } }],
    ['a contract-lock deadline', { contractLock: { contractAddress: A, deadlineDurationSeconds: 60 } }],
    ['contract-lock state requirements', { contractLock: { contractAddress: A, stateRequirements: ['x'] } }],
    ['another threshold scheme', { thresholdLock: { threshold: 1, partyVerificationKeys: [KEY], signatureScheme: 'bls12-381' } }],
    ['a threshold party count that disagrees with its keys', { thresholdLock: { threshold: 1, totalParties: 5, partyVerificationKeys: [KEY] } }],
    ['an oracle time source', { timeLock: { unlockTimestamp: 5, timeSource: 2, baseLock: { singleKeyLock: { requiredAddressHash: A } } } }],
    ['height-lock confirmations', { heightLock: { unlockHeight: 5, confirmationBlocks: 6, baseLock: { singleKeyLock: { requiredAddressHash: A } } } }],
    ['a weakened base lock', { timeLock: { unlockTimestamp: 5, baseLock: { delegationLock: { originalOwner: A, expiryDurationBlocks: 1 } } } }],
  ];
  for (const [what, w] of refused) {
    it(`refuses ${what} (TX_LOCK_FIELD_UNENFORCED; NotImplemented to the contract)`, () => {
      expect(() => decodeLockingCondition(lock(w))).toThrow(expect.objectContaining({ code: 'TX_LOCK_FIELD_UNENFORCED' }));
      try {
        decodeLock(lock(w));
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(HostFailure);
        expect((e as HostFailure).code).toBe(HostErrorCode.NotImplemented);
      }
    });
  }
});

describe('JSON locks from contracts are read strictly', () => {
  const notImplemented = (v: unknown): void => {
    expect(() => lockFromJson(v)).toThrow(expect.objectContaining({ code: HostErrorCode.NotImplemented }));
  };

  it('accepts the enforced fields (snake or camel case) and the fixed defaults', () => {
    expect(lockFromJson({ single_key_lock: { required_address_hash: toHex(A), sighash_type: 'SIGHASH_ALL', required_algorithm: 1 } })).toEqual({ kind: 'singleKey', addressHash: A });
    expect(lockFromJson({ timeLock: { unlockTimestamp: '7', timeSource: 'TIME_SOURCE_BLOCK_TIMESTAMP', baseLock: { contractLock: { contractAddress: toHex(A) } } } })).toEqual({
      kind: 'timeLock', unlockTimestamp: 7n, base: { kind: 'contract', contract: A },
    });
  });

  it('refuses every field it would drop, at any depth', () => {
    notImplemented({ single_key_lock: { required_address_hash: toHex(A), sighash_type: 'SIGHASH_NONE' } });
    notImplemented({ single_key_lock: { required_address_hash: toHex(A), expiry: 5 } });
    notImplemented({ contract_lock: { contract_address: toHex(A), deadline_duration_seconds: 60 } });
    notImplemented({ multi_key_lock: { required_signatures: 1, authorized_keys: [toHex(KEY)], governance_policy: 'x' } });
    notImplemented({ time_lock: { unlock_timestamp: 1, time_source: 'TIME_SOURCE_ORACLE', base_lock: { single_key_lock: { required_address_hash: toHex(A) } } } });
    notImplemented({ height_lock: { unlock_height: 1, base_lock: { single_key_lock: { required_address_hash: toHex(A), allowedCallers: [] } } } });
  });

  it('refuses a lock object naming two kinds instead of using the first', () => {
    expect(() => lockFromJson({ single_key_lock: { required_address_hash: toHex(A) }, contract_lock: { contract_address: toHex(B) } })).toThrow(
      expect.objectContaining({ code: HostErrorCode.InvalidParameter }),
    );
  });
});
