/**
 * The block being built or checked: the committed chain plus the transactions accepted into
 * this block so far. Each next transaction is verified (and its call re-executed) against this
 * view, so a transaction sees exactly what the ones before it in the block did, and a second
 * spend of the same outpoint within the block finds it gone.
 */
import { toHex } from '../../../pkg/encoding.js';
import type { ResourceRecord } from '../../../pkg/ports.js';
import type { VerifiedTx } from '../tx/verifier.js';
import type { BlockEffects, ContractStateChange } from './block-effects.js';
import { LedgerOverlay } from './ledger-overlay.js';
import { resourceRecord } from './resource-record.js';
import { stateKey, utxoKey } from './view-keys.js';

/** The resource records a transaction's resource outputs create (encoding can throw: done first). */
export function resourcesOf(v: VerifiedTx): ResourceRecord[] {
  return v.tx.outputs.flatMap((o) => (o.content.type === 'resource' ? [resourceRecord(o.content.resource)] : []));
}

export class PendingBlock extends LedgerOverlay {
  private readonly stateLog: ContractStateChange[] = [];
  readonly txs: VerifiedTx[] = [];

  /** Accepts a transaction verified against this view. All or nothing: whatever can fail runs before any change. */
  add(v: VerifiedTx): void {
    const resources = resourcesOf(v);
    for (const o of v.spent) {
      const k = utxoKey(o);
      // Spending an output created earlier in this block: it never reaches the store.
      if (!this.created.delete(k)) this.spentBase.set(k, o);
    }
    for (const u of v.created) this.created.set(utxoKey(u.outPoint), u);
    for (const change of v.stateWrites) {
      this.writes.set(stateKey(change.contract, change.write.key), change);
      this.stateLog.push(change);
    }
    for (const d of v.deployments) this.deployed.set(toHex(d.contract), d);
    for (const r of resources) this.resourceMap.set(toHex(r.contentHash), r);
    this.txs.push(v);
  }

  get totalFees(): bigint {
    return this.txs.reduce((s, t) => s + t.fee, 0n);
  }

  effects(): BlockEffects {
    return {
      spent: [...this.spentBase.values()],
      created: [...this.created.values()],
      state: [...this.writes.values()],
      stateLog: [...this.stateLog],
      deployments: [...this.deployed.values()],
      resources: [...this.resourceMap.values()],
      receipts: this.txs.flatMap((t, txIndex) => (t.receipt ? [{ txIndex, receipt: t.receipt }] : [])),
      txs: [...this.txs],
    };
  }
}
