/**
 * Coin selection for the tx builder: the shared rule of ABI.md §5 (ispc/hostabi/utxo-selection,
 * also used by host_build_transaction), with a typed error when the coins do not cover the need.
 */
import { TxError } from '../../../pkg/errors.js';
import type { Utxo } from '../../../pkg/model.js';
import { amountOf, selectUtxos as selectByRule } from '../ispc/hostabi/utxo-selection.js';

export { amountOf as utxoAmount };

export interface Selection {
  readonly selected: readonly Utxo[];
  readonly total: bigint;
}

export function selectUtxos(candidates: readonly Utxo[], need: bigint): Selection {
  const sel = selectByRule(candidates, need);
  if (sel !== undefined) return { selected: sel.chosen, total: sel.total };
  const available = candidates.reduce((sum, u) => sum + amountOf(u), 0n);
  throw new TxError('INSUFFICIENT_FUNDS', `need ${need} base units but the spendable UTXOs hold only ${available}; fund the address or lower the amount`, {
    need: need.toString(),
    available: available.toString(),
  });
}
