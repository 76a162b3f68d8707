/**
 * The one coin-selection rule (ABI.md §5, as WES's selector), used by host_build_transaction
 * and by the tx builder: among an owner's unspent UTXOs of one asset, sorted by (amount, txid,
 * index), take the smallest single UTXO that covers the amount, otherwise accumulate in
 * ascending order. Pure and deterministic: every node and client picks the same coins.
 */
import { compareBytes } from '../../../../pkg/encoding.js';
import type { Utxo } from '../../../../pkg/model.js';

export interface Selection {
  readonly chosen: readonly Utxo[];
  readonly total: bigint;
}

/** Amount of an asset UTXO (0 for state/resource outputs, which are never selected). */
export function amountOf(u: Utxo): bigint {
  return u.output.content.type === 'asset' ? u.output.content.asset.amount : 0n;
}

export function compareUtxos(a: Utxo, b: Utxo): number {
  const da = amountOf(a);
  const db = amountOf(b);
  if (da !== db) return da < db ? -1 : 1;
  return compareBytes(a.outPoint.txId, b.outPoint.txId) || a.outPoint.index - b.outPoint.index;
}

/** undefined when the candidates do not cover `amount` within `maxInputs`. */
export function selectUtxos(candidates: readonly Utxo[], amount: bigint, maxInputs = Number.POSITIVE_INFINITY): Selection | undefined {
  const sorted = [...candidates].sort(compareUtxos);
  const single = sorted.find((u) => amountOf(u) >= amount);
  if (single !== undefined) return { chosen: [single], total: amountOf(single) };
  const chosen: Utxo[] = [];
  let total = 0n;
  for (const u of sorted) {
    if (chosen.length >= maxInputs) return undefined;
    chosen.push(u);
    total += amountOf(u);
    if (total >= amount) return { chosen, total };
  }
  return undefined;
}
