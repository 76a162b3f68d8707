/**
 * The in-memory index of the committed chain: UTXO set (by outpoint and by owner), contract
 * state, code, resources and block infos. It serves the synchronous read-only ports contracts
 * use (ChainView) and the tx layer's LedgerView. It is rebuilt from LevelDB on open and
 * updated only after a block's batch is durably written, so it never runs ahead of the disk.
 */
import { ChainError } from '../../../pkg/errors.js';
import { fromHex, toHex } from '../../../pkg/encoding.js';
import type { OutPoint, Utxo } from '../../../pkg/model.js';
import type { AssetKey, BlockInfo, BlockReader, ResourceReader, ResourceRecord, StateEntry, StateReader, UtxoReader, ExternalEvidencePolicy } from '../../../pkg/ports.js';
import type { Address, Hash } from '../../../pkg/types.js';
import type { LedgerView } from '../tx/ledger-view.js';
import { compareUtxoOutPoints, listedUnderOwner, matchesAsset, stateKey, utxoKey } from './view-keys.js';
import type { BlockCommit } from './block-effects.js';

export class ChainIndex implements LedgerView {
  private readonly infos: BlockInfo[] = [];
  private readonly utxoSet = new Map<string, Utxo>();
  private readonly byOwner = new Map<string, Map<string, Utxo>>();
  private readonly stateMap = new Map<string, StateEntry>();
  private readonly codes = new Map<string, Uint8Array>();
  private readonly contractCode = new Map<string, string>();
  /** Code hash (hex) -> its instances' addresses (hex). */
  private readonly instances = new Map<string, Set<string>>();
  private readonly resourceMap = new Map<string, ResourceRecord>();

  /** The chain configuration's attestor keys for external-state evidence (docs/external-state.md); set once at start-up. */
  externalEvidence: ExternalEvidencePolicy | undefined;

  constructor(readonly chainId: string) {}

  readonly blocks: BlockReader = {
    blockAt: (height: bigint): BlockInfo | undefined => (height >= 0n && height < BigInt(this.infos.length) ? this.infos[Number(height)] : undefined),
  };

  readonly state: StateReader = {
    get: (contract: Address, key: Uint8Array): StateEntry | undefined => this.stateMap.get(stateKey(contract, key)),
  };

  readonly utxos: UtxoReader = {
    get: (o: OutPoint): Utxo | undefined => this.utxoSet.get(utxoKey(o)),
    listByOwner: (owner: Address, asset: AssetKey): readonly Utxo[] => {
      const mine = this.byOwner.get(toHex(owner));
      if (!mine) return [];
      return [...mine.values()].filter((u) => matchesAsset(u, asset)).sort(compareUtxoOutPoints);
    },
  };

  readonly resources: ResourceReader = {
    get: (contentHash: Hash): ResourceRecord | undefined => this.resourceMap.get(toHex(contentHash)),
  };

  codeOf(contract: Address): Uint8Array | undefined {
    const h = this.contractCode.get(toHex(contract));
    return h === undefined ? undefined : this.codes.get(h);
  }

  codeByHash(codeHash: Hash): Uint8Array | undefined {
    return this.codes.get(toHex(codeHash));
  }

  /** Committed height, or undefined before genesis. */
  get height(): bigint | undefined {
    return this.infos.length === 0 ? undefined : BigInt(this.infos.length - 1);
  }

  get tip(): BlockInfo | undefined {
    return this.infos[this.infos.length - 1];
  }

  get utxoCount(): number {
    return this.utxoSet.size;
  }

  /** Every unspent output listed under `owner` (its spendable assets, resources), sorted by outpoint (balances, UTXO listings). */
  utxosOwnedBy(owner: Address): Utxo[] {
    const mine = this.byOwner.get(toHex(owner));
    return mine === undefined ? [] : [...mine.values()].sort(compareUtxoOutPoints);
  }

  /** Every unspent output, sorted by outpoint (for consistency checks). */
  allUtxos(): Utxo[] {
    return [...this.utxoSet.values()].sort(compareUtxoOutPoints);
  }

  // ---- loading and applying (the store calls these) ----

  addBlockInfo(info: BlockInfo): void {
    if (info.height !== BigInt(this.infos.length)) {
      throw new ChainError('STORE_INCONSISTENT', `block info ${info.height} out of order (have ${this.infos.length} blocks)`);
    }
    this.infos.push(info);
  }

  addUtxo(u: Utxo): void {
    const k = utxoKey(u.outPoint);
    this.utxoSet.set(k, u);
    // An asset its owner cannot spend alone (locked to another key, multi-key, time-locked) is
    // never counted as the owner's: balances, listings and coin selection read this index.
    if (!listedUnderOwner(u)) return;
    const owner = toHex(u.output.owner);
    let mine = this.byOwner.get(owner);
    if (!mine) this.byOwner.set(owner, (mine = new Map()));
    mine.set(k, u);
  }

  removeUtxo(o: OutPoint): void {
    const k = utxoKey(o);
    const u = this.utxoSet.get(k);
    if (!u) return;
    this.utxoSet.delete(k);
    const owner = toHex(u.output.owner);
    const mine = this.byOwner.get(owner);
    mine?.delete(k);
    if (mine?.size === 0) this.byOwner.delete(owner);
  }

  setState(contract: Address, key: Uint8Array, entry: StateEntry | undefined): void {
    const k = stateKey(contract, key);
    if (entry === undefined) this.stateMap.delete(k);
    else this.stateMap.set(k, entry);
  }

  addCode(codeHash: Hash, code: Uint8Array): void {
    this.codes.set(toHex(codeHash), code);
  }

  addContract(contract: Address, codeHash: Hash): void {
    const code = toHex(codeHash);
    this.contractCode.set(toHex(contract), code);
    let set = this.instances.get(code);
    if (set === undefined) this.instances.set(code, (set = new Set()));
    set.add(toHex(contract));
  }

  /** The code hash an instance runs, or undefined when no contract is deployed there. */
  codeHashOf(contract: Address): Hash | undefined {
    const h = this.contractCode.get(toHex(contract));
    return h === undefined ? undefined : fromHex(h);
  }

  /** Instances of a code, in address order (the same before and after a restart), at most `limit`. */
  instancesOf(codeHash: Hash, limit: number): { readonly instances: readonly Address[]; readonly total: number } {
    const all = [...(this.instances.get(toHex(codeHash)) ?? [])].sort();
    return { instances: all.slice(0, limit).map(fromHex), total: all.length };
  }

  addResource(r: ResourceRecord): void {
    this.resourceMap.set(toHex(r.contentHash), r);
  }

  apply(c: BlockCommit): void {
    const e = c.effects;
    for (const o of e.spent) this.removeUtxo(o);
    for (const u of e.created) this.addUtxo(u);
    for (const { contract, write } of e.state) {
      this.setState(contract, write.key, write.value === undefined ? undefined : { value: write.value, version: write.version });
    }
    for (const d of e.deployments) {
      this.addCode(d.codeHash, d.code);
      this.addContract(d.contract, d.codeHash);
    }
    for (const r of e.resources) this.addResource(r);
    this.addBlockInfo(c.info);
  }
}
