/**
 * The chain data model (WES transaction model, wes-notes §2) as TypeScript values: bigint for
 * every uint64/amount, Uint8Array for bytes. The protobuf codec in internal/core/tx converts
 * between these and wire bytes in one place.
 */
import type { Address, Amount, Hash } from './types.js';

export interface OutPoint {
  readonly txId: Hash;
  readonly index: number;
}

export type AssetContent =
  | { readonly kind: 'native'; readonly amount: Amount }
  | { readonly kind: 'token'; readonly contract: Address; readonly classId: Uint8Array; readonly amount: Amount };

export type LockingCondition =
  | { readonly kind: 'singleKey'; readonly addressHash: Address }
  | { readonly kind: 'multiKey'; readonly required: number; readonly publicKeys: readonly Uint8Array[] }
  | { readonly kind: 'contract'; readonly contract: Address; readonly method?: string }
  | {
      readonly kind: 'delegation';
      readonly originalOwner: Address;
      readonly delegates: readonly Address[];
      readonly maxValuePerOperation?: Amount;
    }
  | { readonly kind: 'threshold'; readonly threshold: number; readonly publicKeys: readonly Uint8Array[] }
  | { readonly kind: 'timeLock'; readonly unlockTimestamp: bigint; readonly base: LockingCondition }
  | { readonly kind: 'heightLock'; readonly unlockHeight: bigint; readonly base: LockingCondition };

export interface StateContent {
  readonly stateId: Uint8Array;
  readonly version: bigint;
  readonly executionResultHash: Uint8Array;
  readonly publicInputs: readonly Uint8Array[];
  readonly parentStateHash?: Uint8Array;
  /** Real value bytes (WES stored only a hash); kept in metadata on the wire. */
  readonly value?: Uint8Array;
}

export interface ResourceContent {
  readonly contentHash: Hash;
  readonly category: 'executable' | 'static';
  readonly executableType?: 'contract' | 'aimodel';
  readonly mimeType?: string;
  readonly size?: bigint;
  readonly creationTimestamp?: bigint;
}

export type OutputContent =
  | { readonly type: 'asset'; readonly asset: AssetContent }
  | { readonly type: 'state'; readonly state: StateContent }
  | { readonly type: 'resource'; readonly resource: ResourceContent };

export interface TxOutput {
  readonly owner: Address;
  readonly locks: readonly LockingCondition[];
  readonly content: OutputContent;
}

/** A chain UTXO as host functions and the tx builder see it. */
export interface Utxo {
  readonly outPoint: OutPoint;
  readonly output: TxOutput;
  readonly blockHeight: bigint;
}
