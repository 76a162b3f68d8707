/**
 * The block being built or checked: the committed chain plus the transactions accepted into
 * this block so far. Each next transaction is verified (and its call re-executed) against this
 * view, so a transaction sees exactly what the ones before it in the block did, and a second
 * spend of the same outpoint within the block finds it gone.
 */
import { toHex } from '../../../pkg/encoding.js';
import type { OutPoint, Utxo } from '../../../pkg/model.js';
import type { AssetKey, BlockReader, ResourceReader, ResourceRecord, StateEntry, StateReader, UtxoReader, ExternalEvidencePolicy } from '../../../pkg/ports.js';
import type { Address, Hash } from '../../../pkg/types.js';
import type { LedgerView } from '../tx/ledger-view.js';
import type { Deployment, VerifiedTx } from '../tx/verifier.js';
import type { BlockEffects, ContractStateChange } from './block-effects.js';
import { resourceRecord } from './resource-record.js';
import { compareUtxoOutPoints, matchesAsset, stateKey, utxoKey } from './view-keys.js';

/** The resource records a transaction's resource outputs create (encoding can throw: done first). */
export function resourcesOf(v: VerifiedTx): ResourceRecord[] {
  return v.tx.outputs.flatMap((o) => (o.content.type === 'resource' ? [resourceRecord(o.content.resource)] : []));
}

export class PendingBlock implements LedgerView {
  private readonly spentBase = new Map<string, OutPoint>();
  private readonly created = new Map<string, Utxo>();
  private readonly writes = new Map<string, ContractStateChange>();
  private readonly stateLog: ContractStateChange[] = [];
  private readonly deployed = new Map<string, Deployment>();
  private readonly resourceMap = new Map<string, ResourceRecord>();
  readonly txs: VerifiedTx[] = [];

  constructor(private readonly base: LedgerView) {}

  get chainId(): string {
    return this.base.chainId;
  }

  get externalEvidence(): ExternalEvidencePolicy | undefined {
    return this.base.externalEvidence;
  }

  get blocks(): BlockReader {
    return this.base.blocks;
  }

  readonly state: StateReader = {
    get: (contract: Address, key: Uint8Array): StateEntry | undefined => {
      const w = this.writes.size === 0 ? undefined : this.writes.get(stateKey(contract, key));
      if (w === undefined) return this.base.state.get(contract, key);
      return w.write.value === undefined ? undefined : { value: w.write.value, version: w.write.version };
    },
  };

  readonly utxos: UtxoReader = {
    get: (o: OutPoint): Utxo | undefined => {
      const k = utxoKey(o);
      if (this.spentBase.has(k)) return undefined;
      return this.created.get(k) ?? this.base.utxos.get(o);
    },
    listByOwner: (owner: Address, asset: AssetKey): readonly Utxo[] => {
      const ownerHex = toHex(owner);
      const fromBase = this.base.utxos.listByOwner(owner, asset).filter((u) => !this.spentBase.has(utxoKey(u.outPoint)));
      const fresh = [...this.created.values()].filter((u) => toHex(u.output.owner) === ownerHex && matchesAsset(u, asset));
      return [...fromBase, ...fresh].sort(compareUtxoOutPoints);
    },
  };

  readonly resources: ResourceReader = {
    get: (h: Hash): ResourceRecord | undefined => (this.resourceMap.size === 0 ? undefined : this.resourceMap.get(toHex(h))) ?? this.base.resources.get(h),
  };

  codeOf(contract: Address): Uint8Array | undefined {
    // Most blocks deploy nothing: no key to build then (this is asked for every output).
    if (this.deployed.size === 0) return this.base.codeOf(contract);
    return this.deployed.get(toHex(contract))?.code ?? this.base.codeOf(contract);
  }

  codeByHash(codeHash: Hash): Uint8Array | undefined {
    for (const d of this.deployed.values()) if (toHex(d.codeHash) === toHex(codeHash)) return d.code;
    return this.base.codeByHash(codeHash);
  }

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
