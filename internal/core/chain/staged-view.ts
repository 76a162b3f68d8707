/**
 * The chain as it will be once a sealed block's batch is on disk: the committed index with that
 * block's effects laid over it. The producer builds the next block and admits transactions
 * against this view while the block's write (and fsync) is still in flight, so the main thread
 * keeps working instead of waiting on the disk (block-producer.ts).
 *
 * The answers are the same before and after the index applies the block (which happens when the
 * write completes, possibly in the middle of a build): what the block spent is gone either way,
 * what it created is found either way (listed once: the base's copy is skipped), its final state
 * writes and deployments win over equal base values, and its BlockInfo is served at its height.
 */
import { toHex } from '../../../pkg/encoding.js';
import type { OutPoint, Utxo } from '../../../pkg/model.js';
import type { AssetKey, BlockInfo, BlockReader, ExternalEvidencePolicy, ResourceReader, ResourceRecord, StateEntry, StateReader, UtxoReader } from '../../../pkg/ports.js';
import type { Address, Hash } from '../../../pkg/types.js';
import type { LedgerView } from '../tx/ledger-view.js';
import type { Deployment } from '../tx/verifier.js';
import type { BlockCommit, ContractStateChange } from './block-effects.js';
import { compareUtxoOutPoints, matchesAsset, stateKey, utxoKey } from './view-keys.js';

export class StagedBlockView implements LedgerView {
  private readonly spent = new Set<string>();
  private readonly created = new Map<string, Utxo>();
  private readonly writes = new Map<string, ContractStateChange>();
  private readonly deployed = new Map<string, Deployment>();
  private readonly resourceMap = new Map<string, ResourceRecord>();
  readonly info: BlockInfo;

  constructor(
    private readonly base: LedgerView,
    commit: BlockCommit,
  ) {
    const e = commit.effects;
    this.info = commit.info;
    for (const o of e.spent) this.spent.add(utxoKey(o));
    for (const u of e.created) this.created.set(utxoKey(u.outPoint), u);
    for (const w of e.state) this.writes.set(stateKey(w.contract, w.write.key), w);
    for (const d of e.deployments) this.deployed.set(toHex(d.contract), d);
    for (const r of e.resources) this.resourceMap.set(toHex(r.contentHash), r);
  }

  get chainId(): string {
    return this.base.chainId;
  }

  get externalEvidence(): ExternalEvidencePolicy | undefined {
    return this.base.externalEvidence;
  }

  readonly blocks: BlockReader = {
    blockAt: (height: bigint): BlockInfo | undefined => (height === this.info.height ? this.info : this.base.blocks.blockAt(height)),
  };

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
      if (this.spent.has(k)) return undefined;
      return this.created.get(k) ?? this.base.utxos.get(o);
    },
    listByOwner: (owner: Address, asset: AssetKey): readonly Utxo[] => {
      const ownerHex = toHex(owner);
      const fromBase = this.base.utxos.listByOwner(owner, asset).filter((u) => {
        const k = utxoKey(u.outPoint);
        return !this.spent.has(k) && !this.created.has(k); // the block's own outputs are listed below, once
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
