/**
 * The stake output (docs/staking.md): coins the staker keeps, spendable only by the staker's key,
 * with the validator they back recorded in the locks, and excluded from the staker's spendable
 * balance (pkg/ownership.ts heldByOwner is false for it, so balances and coin selection skip it).
 *
 *   owner  = staker
 *   locks  = [ singleKey(staker),
 *              heightLock(2^64 - 1, delegation(originalOwner = staker, delegates = [validator])) ]
 *
 * Locks are alternatives (one satisfied lock spends the output). The first is how the staker
 * withdraws (unstakes): a plain signature, under the ordinary single-key rules. The second can
 * never open (no block reaches height 2^64 - 1), so it grants the validator nothing: it is the
 * on-chain record of the validator, readable by anyone and checked by the verifier's owner rule
 * (a delegation lock must name the owner as original owner). No new lock kind, no new verifier
 * code: every rule that applies is one the lock checker already enforces.
 */
import { bytesEqual } from './encoding.js';
import type { LockingCondition, TxOutput } from './model.js';
import type { Address } from './types.js';

/** The height no block reaches: a lock at this height never opens. */
export const NEVER_HEIGHT = (1n << 64n) - 1n;

export function stakeLocks(staker: Address, validator: Address): LockingCondition[] {
  return [
    { kind: 'singleKey', addressHash: staker },
    { kind: 'heightLock', unlockHeight: NEVER_HEIGHT, base: { kind: 'delegation', originalOwner: staker, delegates: [validator] } },
  ];
}

/** The staker and validator of a stake output, or undefined when `o` is not one. */
export function stakeOf(o: TxOutput): { staker: Address; validator: Address; amount: bigint } | undefined {
  if (o.content.type !== 'asset' || o.content.asset.kind !== 'native' || o.locks.length !== 2) return undefined;
  const [key, record] = o.locks;
  if (key?.kind !== 'singleKey' || !bytesEqual(key.addressHash, o.owner)) return undefined;
  if (record?.kind !== 'heightLock' || record.unlockHeight !== NEVER_HEIGHT || record.base.kind !== 'delegation') return undefined;
  const d = record.base;
  if (!bytesEqual(d.originalOwner, o.owner) || d.delegates.length !== 1 || d.maxValuePerOperation !== undefined) return undefined;
  return { staker: o.owner, validator: d.delegates[0] as Address, amount: o.content.asset.amount };
}
