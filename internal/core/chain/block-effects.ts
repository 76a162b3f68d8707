/**
 * Everything applying one block changes, gathered while its transactions are verified in order
 * and handed to the store as one unit (one LevelDB batch) and to the in-memory index.
 */
import type { Deployment, VerifiedTx } from '../tx/verifier.js';
import type { StateWrite } from '../../../pkg/draft.js';
import type { Block, OutPoint, Receipt, Utxo } from '../../../pkg/model.js';
import type { BlockInfo, ResourceRecord } from '../../../pkg/ports.js';
import type { Address } from '../../../pkg/types.js';

export interface ContractStateChange {
  readonly contract: Address;
  readonly write: StateWrite;
}

export interface BlockEffects {
  /** UTXOs of earlier blocks this block spends. */
  readonly spent: readonly OutPoint[];
  /** UTXOs this block creates and leaves unspent. */
  readonly created: readonly Utxo[];
  /** Final state of every key the block wrote, in first-write order. */
  readonly state: readonly ContractStateChange[];
  /** Every state change in application order (what the state root commits to). */
  readonly stateLog: readonly ContractStateChange[];
  readonly deployments: readonly Deployment[];
  readonly resources: readonly ResourceRecord[];
  readonly receipts: readonly { readonly txIndex: number; readonly receipt: Receipt }[];
  readonly txs: readonly VerifiedTx[];
}

export interface BlockCommit {
  readonly block: Block;
  readonly info: BlockInfo;
  readonly effects: BlockEffects;
}
