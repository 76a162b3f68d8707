/**
 * Assets as host functions see them: a token id names this contract's own fungible class (a
 * contract can never name another contract's tokens), no token id means the native coin.
 * Balances count the chain's unspent UTXOs minus this call's spends plus this call's outputs.
 */
import { bytesEqual } from '../../../../pkg/encoding.js';
import type { AssetContent, LockingCondition, TxOutput } from '../../../../pkg/model.js';
import type { AssetKey } from '../../../../pkg/ports.js';
import { HostErrorCode } from '../../../../pkg/types.js';
import { fail } from './host-result.js';
import type { HostGas } from '../../engines/wasm/abi/host-function.js';
import { type HostBinding } from './declare.js';
import { heldByOwner, ownerLockMismatch } from '../../../../pkg/ownership.js';

const MAX_AMOUNT = (1n << 64n) - 1n;

export function assetKeyFor(contract: Uint8Array, tokenId: Uint8Array): AssetKey {
  return tokenId.length === 0 ? { kind: 'native' } : { kind: 'token', contract, classId: tokenId };
}

export function assetContent(asset: AssetKey, amount: bigint): AssetContent {
  return asset.kind === 'native' ? { kind: 'native', amount } : { kind: 'token', contract: asset.contract, classId: asset.classId, amount };
}

export function assetOf(o: TxOutput): { asset: AssetKey; amount: bigint } | undefined {
  if (o.content.type !== 'asset') return undefined;
  const a = o.content.asset;
  return { asset: a.kind === 'native' ? { kind: 'native' } : { kind: 'token', contract: a.contract, classId: a.classId }, amount: a.amount };
}

export function sameAsset(a: AssetKey, b: AssetKey): boolean {
  if (a.kind === 'native' || b.kind === 'native') return a.kind === b.kind;
  return bytesEqual(a.contract, b.contract) && bytesEqual(a.classId, b.classId);
}

/**
 * Who may spend a new output by default: the owner's key for coins, the issuing contract for its
 * tokens (WES); an output the calling contract (`self`) keeps for itself is locked to it.
 */
export function defaultLocks(owner: Uint8Array, asset: AssetKey, self?: Uint8Array): LockingCondition[] {
  if (self !== undefined && bytesEqual(owner, self)) return [{ kind: 'contract', contract: self }];
  return asset.kind === 'native' ? [{ kind: 'singleKey', addressHash: owner }] : [{ kind: 'contract', contract: asset.contract }];
}

/** Owner is the lock (pkg/ownership.ts): an output whose locks contradict its owner is refused. */
export function checkOwnerLocks(output: TxOutput, self: Uint8Array): void {
  const why = ownerLockMismatch(output, bytesEqual(output.owner, self));
  if (why !== undefined) fail(HostErrorCode.InvalidParameter, `the output's owner does not match its locks: ${why}`);
}

export function assetOutput(owner: Uint8Array, asset: AssetKey, amount: bigint, locks: readonly LockingCondition[]): TxOutput {
  return { owner, locks, content: { type: 'asset', asset: assetContent(asset, amount) } };
}

/** A positive uint64 amount from a wasm i64 (reinterpreted unsigned). */
export function amountFromI64(v: bigint): bigint {
  const a = BigInt.asUintN(64, v);
  if (a === 0n) fail(HostErrorCode.InvalidParameter, 'amount must be greater than 0');
  return a;
}

/**
 * A positive uint64 amount from JSON: a decimal string (any uint64), or a JSON number (older Go
 * SDKs) that is a safe integer — a number past 2^53 - 1 or with a fraction has already lost its
 * exact value in the JSON parser, so it is refused rather than rounded.
 */
export function amountFromJson(v: unknown, what: string): bigint {
  let a: bigint | undefined;
  if (typeof v === 'string' && /^[0-9]{1,20}$/.test(v)) a = BigInt(v);
  else if (typeof v === 'number') {
    if (!Number.isInteger(v)) fail(HostErrorCode.InvalidParameter, `${what}: amount ${v} is not an integer`);
    if (!Number.isSafeInteger(v)) fail(HostErrorCode.InvalidParameter, `${what}: amount ${v} is past 2^53-1 and not exact as a JSON number; send it as a decimal string`);
    a = BigInt(v);
  }
  if (a === undefined || a <= 0n || a > MAX_AMOUNT) fail(HostErrorCode.InvalidParameter, `${what}: amount must be a positive uint64 (decimal string or safe integer)`);
  return a;
}

/**
 * Unspent balance of `owner` in `asset` as this call sees it, charged per UTXO listed at the
 * caller's declared rate (`gas.perItem`) before they are summed. (The chain port offers no count
 * before listing: the one listing of a call that cannot pay ends that call.)
 */
export function pendingBalance(b: HostBinding, owner: Uint8Array, asset: AssetKey, gas: HostGas): bigint {
  const call = b.call();
  const utxos = call.context.chain.utxos.listByOwner(owner, asset);
  b.gas.chargeWork(gas, utxos.length, 0, 'utxo balance');
  let total = 0n;
  for (const u of utxos) {
    const c = u.output.content;
    if (c.type === 'asset' && !call.draft.spends(u.outPoint)) total += c.asset.amount;
  }
  for (const o of call.draft.outputs) {
    const held = assetOf(o);
    if (held !== undefined && bytesEqual(o.owner, owner) && heldByOwner(o) && sameAsset(held.asset, asset)) total += held.amount;
  }
  return total;
}
