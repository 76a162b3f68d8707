/**
 * Read-only chain ports. Host functions read the chain only through these; they are synchronous
 * because wasm calls host functions synchronously (implementations keep what they serve indexed
 * in memory, backed by the store). Writes never go through a port: they go into the draft.
 */
import type { Address, Hash } from './types.js';
import type { OutPoint, Utxo } from './model.js';

export interface BlockInfo {
  readonly height: bigint;
  readonly hash: Hash;
  readonly merkleRoot: Hash;
  readonly stateRoot: Hash;
  readonly timestamp: bigint;
  readonly miner: Address;
}

export interface BlockReader {
  /** Committed block at `height`, or undefined. */
  blockAt(height: bigint): BlockInfo | undefined;
}

export interface StateEntry {
  readonly value: Uint8Array;
  readonly version: bigint;
}

export interface StateReader {
  /** Committed value of `key` in `contract`'s namespace. */
  get(contract: Address, key: Uint8Array): StateEntry | undefined;
}

/** Which asset a UTXO holds: the native coin or one contract's fungible class. */
export type AssetKey = { readonly kind: 'native' } | { readonly kind: 'token'; readonly contract: Address; readonly classId: Uint8Array };

export interface UtxoReader {
  get(outPoint: OutPoint): Utxo | undefined;
  /**
   * Unspent asset UTXOs holding `asset` that `owner` alone can spend (pkg/ownership.ts heldByOwner:
   * an output merely naming `owner` but locked otherwise is not theirs), in a deterministic order (txid, index).
   */
  listByOwner(owner: Address, asset: AssetKey): readonly Utxo[];
}

export interface ResourceRecord {
  readonly contentHash: Hash;
  /** Protobuf bytes of the Resource message. */
  readonly encoded: Uint8Array;
  /** proto3-JSON of the Resource message. */
  readonly json: string;
}

export interface ResourceReader {
  get(contentHash: Hash): ResourceRecord | undefined;
}

/** Chain configuration for controlled external state (docs/external-state.md). */
export interface ExternalEvidencePolicy {
  /** 33-byte compressed secp256k1 keys of the registered attestors (the data sources). */
  readonly attestors: readonly Uint8Array[];
  /** Devnet only: accept evidence no registered attestor signed, recorded as unverified. */
  readonly acceptUnverified: boolean;
}

/** Everything a contract may read about the chain, bundled for one execution. */
export interface ChainView {
  readonly blocks: BlockReader;
  readonly state: StateReader;
  readonly utxos: UtxoReader;
  readonly resources: ResourceReader;
  readonly chainId: string;
  /** Attestor keys and the devnet switch; absent = no attestors, unverified evidence refused. */
  readonly externalEvidence?: ExternalEvidencePolicy;
}
