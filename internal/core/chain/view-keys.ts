/** Map keys and orderings shared by the chain index and the pending-block overlay. */
import { bytesEqual, compareBytes, toHex } from '../../../pkg/encoding.js';
import type { OutPoint, Utxo } from '../../../pkg/model.js';
import type { AssetKey } from '../../../pkg/ports.js';
import { heldByOwner } from '../../../pkg/ownership.js';
import type { Address } from '../../../pkg/types.js';

export { outPointKey as utxoKey } from '../../../pkg/encoding.js';
export const stateKey = (contract: Address, key: Uint8Array): string => `${toHex(contract)}:${toHex(key)}`;

/** (txid, index): the order UtxoReader.listByOwner promises. */
export function compareUtxoOutPoints(a: Utxo, b: Utxo): number {
  return compareBytes(a.outPoint.txId, b.outPoint.txId) || a.outPoint.index - b.outPoint.index;
}

/** An asset UTXO of `asset` that its owner alone can spend (pkg/ownership.ts): what listByOwner serves. */
export function matchesAsset(u: Utxo, asset: AssetKey): boolean {
  const c = u.output.content;
  if (c.type !== 'asset' || !heldByOwner(u.output)) return false;
  if (asset.kind === 'native') return c.asset.kind === 'native';
  return c.asset.kind === 'token' && bytesEqual(c.asset.contract, asset.contract) && bytesEqual(c.asset.classId, asset.classId);
}

/** Listed under its owner: a resource or state output, or an asset its owner alone can spend. */
export function listedUnderOwner(u: Utxo): boolean {
  return u.output.content.type !== 'asset' || heldByOwner(u.output);
}
