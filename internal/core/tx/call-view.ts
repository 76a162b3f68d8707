/**
 * The ledger a contract call runs against: the view the transaction is applied to (the pending
 * block), with the transaction's own signed part already applied — the payer's inputs spent, the
 * caller's outputs and the attached funds created — so the call sees the funds it was sent.
 */
import { toHex } from '../../../pkg/encoding.js';
import type { OutPoint, Utxo } from '../../../pkg/model.js';
import type { AssetKey, UtxoReader } from '../../../pkg/ports.js';
import type { Address, Hash } from '../../../pkg/types.js';
import { compareUtxoOutPoints, matchesAsset, utxoKey } from '../chain/view-keys.js';
import type { LedgerView } from './ledger-view.js';

export function callView(base: LedgerView, spent: readonly OutPoint[], created: readonly Utxo[]): LedgerView {
  if (spent.length === 0 && created.length === 0) return base;
  const gone = new Set(spent.map(utxoKey));
  const fresh = new Map(created.map((u) => [utxoKey(u.outPoint), u]));
  const utxos: UtxoReader = {
    get: (o: OutPoint): Utxo | undefined => {
      const k = utxoKey(o);
      return gone.has(k) ? undefined : (fresh.get(k) ?? base.utxos.get(o));
    },
    listByOwner: (owner: Address, asset: AssetKey): readonly Utxo[] => {
      const ownerHex = toHex(owner);
      const mine = [...fresh.values()].filter((u) => toHex(u.output.owner) === ownerHex && matchesAsset(u, asset));
      const kept = base.utxos.listByOwner(owner, asset).filter((u) => !gone.has(utxoKey(u.outPoint)));
      return mine.length === 0 ? kept : [...kept, ...mine].sort(compareUtxoOutPoints);
    },
  };
  return {
    get chainId() {
      return base.chainId;
    },
    blocks: base.blocks,
    state: base.state,
    resources: base.resources,
    utxos,
    codeOf: (c: Address) => base.codeOf(c),
    codeByHash: (h: Hash) => base.codeByHash(h),
  };
}
