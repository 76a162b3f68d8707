/**
 * Deterministic coin selection (ABI.md §5, same rule as WES's selector): the smallest single
 * UTXO that covers the need; otherwise accumulate from the smallest up. Ties are broken by
 * (txid, index), so every node and client picks the same coins from the same set.
 */
import { TxError } from '../../../pkg/errors.js';
import { compareBytes } from '../../../pkg/encoding.js';
import type { Utxo } from '../../../pkg/model.js';

/** Amount of an asset UTXO (0 for state/resource outputs, which are never selected). */
export function utxoAmount(u: Utxo): bigint {
  return u.output.content.type === 'asset' ? u.output.content.asset.amount : 0n;
}

export function compareUtxos(a: Utxo, b: Utxo): number {
  const da = utxoAmount(a);
  const db = utxoAmount(b);
  if (da !== db) return da < db ? -1 : 1;
  return compareBytes(a.outPoint.txId, b.outPoint.txId) || a.outPoint.index - b.outPoint.index;
}

export interface Selection {
  readonly selected: readonly Utxo[];
  readonly total: bigint;
}

export function selectUtxos(candidates: readonly Utxo[], need: bigint): Selection {
  const sorted = [...candidates].sort(compareUtxos);
  const single = sorted.find((u) => utxoAmount(u) >= need);
  if (single) return { selected: [single], total: utxoAmount(single) };
  const selected: Utxo[] = [];
  let total = 0n;
  for (const u of sorted) {
    selected.push(u);
    total += utxoAmount(u);
    if (total >= need) return { selected, total };
  }
  throw new TxError('INSUFFICIENT_FUNDS', `need ${need} base units but the spendable UTXOs hold only ${total}; fund the address or lower the amount`, {
    need: need.toString(),
    available: total.toString(),
  });
}
