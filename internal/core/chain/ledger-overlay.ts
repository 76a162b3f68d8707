/**
 * A ledger laid over another: outputs spent and created, final state writes, deployments and
 * resources on top of a base view. The block being built (PendingBlock) and a sealed block whose
 * write is in flight (StagedBlockView) are both this; only how they fill it differs.
 *
 * An output the overlay created is listed from the overlay alone, also if the base has it too
 * (the index may apply a staged block while a build reads through it), so nothing is listed twice.
 */
import { toHex } from '../../../pkg/encoding.js';
import type { OutPoint, Utxo } from '../../../pkg/model.js';
import type { AssetKey, BlockReader, ExternalEvidencePolicy, ResourceReader, ResourceRecord, StateEntry, StateReader, UtxoReader } from '../../../pkg/ports.js';
import type { Address, Hash } from '../../../pkg/types.js';
import type { LedgerView } from '../tx/ledger-view.js';
import type { Deployment } from '../tx/verifier.js';
import type { ContractStateChange } from './block-effects.js';
import { compareUtxoOutPoints, matchesAsset, stateKey, utxoKey } from './view-keys.js';

export class LedgerOverlay implements LedgerView {
  /** Outputs of the base this overlay spent, by key. */
  protected readonly spentBase = new Map<string, OutPoint>();
  protected readonly created = new Map<string, Utxo>();
  /** The latest write per state key. */
  protected readonly writes = new Map<string, ContractStateChange>();
  protected readonly deployed = new Map<string, Deployment>();
  protected readonly resourceMap = new Map<string, ResourceRecord>();

  constructor(protected readonly base: LedgerView) {}

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
      const fromBase = this.base.utxos.listByOwner(owner, asset).filter((u) => {
        const k = utxoKey(u.outPoint);
        return !this.spentBase.has(k) && !this.created.has(k);
      });
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
    const hex = toHex(codeHash);
    for (const d of this.deployed.values()) if (toHex(d.codeHash) === hex) return d.code;
    return this.base.codeByHash(codeHash);
  }
}
