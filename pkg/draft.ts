/**
 * What a successful call produced: the effects the tx layer turns into a transaction.
 * A draft is an immutable value with a deterministic encoding (same call -> same bytes).
 */
import type { Address, Hash } from './types.js';
import type { OutPoint, TxOutput } from './model.js';

export interface DraftInput {
  readonly outPoint: OutPoint;
  readonly referenceOnly: boolean;
  /** Unlocking proof bytes as the contract supplied them (kept, unlike WES). */
  readonly proof?: Uint8Array;
}

export interface ContractEvent {
  /** Contract that emitted the event. */
  readonly contract: Address;
  /** Raw event payload (JSON by convention). */
  readonly data: Uint8Array;
  /** Position within the call. */
  readonly index: number;
}

export interface StateWrite {
  readonly key: Uint8Array;
  /** undefined = delete. */
  readonly value: Uint8Array | undefined;
  readonly version: bigint;
}

export interface TransactionDraft {
  readonly contract: Address;
  readonly caller: Address;
  readonly inputs: readonly DraftInput[];
  readonly outputs: readonly TxOutput[];
  readonly stateWrites: readonly StateWrite[];
  readonly events: readonly ContractEvent[];
  readonly returnData: Uint8Array;
  /** Deterministic encoding of the whole draft. */
  encode(): Uint8Array;
  /** SHA-256 of encode(). */
  hash(): Hash;
}
