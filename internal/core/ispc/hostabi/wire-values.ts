/**
 * Protobuf values contracts exchange with host functions, through the one wire codec
 * (internal/core/wire). A malformed value from a contract is an Encoding failure it can
 * handle, never a trap.
 */
import { isWesError } from '../../../../pkg/errors.js';
import type { LockingCondition } from '../../../../pkg/model.js';
import { HostErrorCode } from '../../../../pkg/types.js';
import { decodeLockingCondition } from '../../wire/codec.js';
import { fail } from './host-result.js';

export { encodeTxOutput, txOutputJson } from '../../wire/codec.js';

export function decodeLock(bytes: Uint8Array): LockingCondition {
  try {
    return decodeLockingCondition(bytes);
  } catch (e) {
    // A lock field the verifier would not enforce is refused, not silently dropped (NotImplemented).
    if (isWesError(e) && e.code === 'TX_LOCK_FIELD_UNENFORCED') fail(HostErrorCode.NotImplemented, e.message);
    if (isWesError(e)) fail(HostErrorCode.Encoding, `LockingCondition protobuf: ${e.message}`);
    throw e;
  }
}
