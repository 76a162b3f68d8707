/**
 * Owner is the lock. Balances, UTXO listings, query_utxo_balance and coin selection go by an
 * output's `owner`, so `owner` must mean "who can spend it":
 *
 *  - ownerLockMismatch: the consensus rule for a new asset output (the verifier, and the host
 *    functions that build outputs): every single-key lock names the owner's address, every
 *    delegation lock names the owner as original owner, every ContractLock names the owner (a
 *    contract holding it) or, for a token, its issuing contract; an output owned by a contract
 *    carries ContractLocks only. Time and height locks are checked through to their base.
 *    Multi-key and threshold locks name no single address and are allowed (not counted below).
 *  - heldByOwner: what balances and selection count — an asset output the owner alone can spend
 *    now: every lock is singleKey(owner), contract(owner) or, for a token, contract(issuer).
 *
 * Resource and state outputs are not assets: a deployment's resource output names the contract
 * as owner and is locked to its deployer, by design; they are neither checked nor counted here.
 */
import { bytesEqual, toHex as hex } from './encoding.js';
import type { LockingCondition, TxOutput } from './model.js';
import type { Address } from './types.js';

function issuerOf(output: TxOutput): Address | undefined {
  return output.content.type === 'asset' && output.content.asset.kind === 'token' ? output.content.asset.contract : undefined;
}

function baseOf(lock: LockingCondition): LockingCondition {
  let l = lock;
  while (l.kind === 'timeLock' || l.kind === 'heightLock') l = l.base;
  return l;
}

function contractLockOk(lock: LockingCondition, owner: Address, issuer: Address | undefined): boolean {
  return lock.kind === 'contract' && (bytesEqual(lock.contract, owner) || (issuer !== undefined && bytesEqual(lock.contract, issuer)));
}

/** Why `output`'s locks contradict its owner, or undefined when they agree (non-asset outputs always agree). */
export function ownerLockMismatch(output: TxOutput, ownerIsContract: boolean): string | undefined {
  if (output.content.type !== 'asset') return undefined;
  const { owner } = output;
  const issuer = issuerOf(output);
  for (const [i, top] of output.locks.entries()) {
    if (ownerIsContract && !contractLockOk(top, owner, issuer)) {
      return `lock ${i} (${top.kind}): an output owned by contract ${hex(owner)} must be ContractLock-ed to it`;
    }
    const lock = baseOf(top);
    switch (lock.kind) {
      case 'singleKey':
        if (!bytesEqual(lock.addressHash, owner)) return `lock ${i}: the single-key lock names ${hex(lock.addressHash)}, the owner is ${hex(owner)}`;
        break;
      case 'delegation':
        if (!bytesEqual(lock.originalOwner, owner)) return `lock ${i}: the delegation lock's original owner ${hex(lock.originalOwner)} is not the owner ${hex(owner)}`;
        break;
      case 'contract':
        if (!contractLockOk(lock, owner, issuer)) return `lock ${i}: the ContractLock names ${hex(lock.contract)}, neither the owner ${hex(owner)} nor the token's issuer`;
        break;
      default:
        break; // multi-key, threshold: no single address to compare
    }
  }
  return undefined;
}

/** True when `output` is an asset its owner alone can spend now (what balances and selection count). */
export function heldByOwner(output: TxOutput): boolean {
  if (output.content.type !== 'asset') return false;
  const { owner } = output;
  const issuer = issuerOf(output);
  return (
    output.locks.length > 0 &&
    output.locks.every((l) => (l.kind === 'singleKey' && bytesEqual(l.addressHash, owner)) || contractLockOk(l, owner, issuer))
  );
}
