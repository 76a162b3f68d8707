/**
 * The chain data model (WES transaction model, wes-notes §2) as TypeScript values: bigint for
 * every uint64/amount, Uint8Array for bytes. The protobuf codec in internal/core/tx converts
 * between these and wire bytes in one place.
 */
import type { Address, Amount, Hash } from './types.js';
import type { ContractEvent } from './draft.js';

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
  /** Real value bytes (WES stored only a hash); StateOutput.value (field 60) on the wire. */
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

// ---- Transactions (wes-notes §2.1-2.2; codec in internal/core/tx) ----

/** SignatureHashType byte of a signature. Only ALL has defined semantics (sign everything). */
export const SIGHASH_ALL = 1;

/** A string-keyed byte value (wire form of a WES map<string, bytes> entry; codec sorts by key). */
export interface MetadataEntry {
  readonly key: string;
  readonly value: Uint8Array;
}

/** ECDSA secp256k1 signature (64-byte compact, low-S) by one 33-byte compressed key. */
export interface SingleKeyProof {
  readonly kind: 'singleKey';
  readonly signature: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly sighashType: number;
}

export interface MultiKeyProof {
  readonly kind: 'multiKey';
  /** keyIndex points into the MultiKeyLock's publicKeys. */
  readonly signatures: readonly { readonly keyIndex: number; readonly signature: Uint8Array; readonly sighashType: number }[];
}

/** Who asked for an execution, signed over contextHash. */
export interface IdentityProof {
  readonly publicKey: Uint8Array;
  readonly callerAddress: Address;
  readonly signature: Uint8Array;
  readonly sighashType: number;
  readonly nonce: Uint8Array;
  readonly timestamp: bigint;
  readonly contextHash: Uint8Array;
}

export interface ExecutionProofContext {
  readonly inputDataHash: Uint8Array;
  readonly outputDataHash: Uint8Array;
  readonly callerIdentity?: IdentityProof;
  readonly resourceAddress: Address;
  readonly executionType: 'contract' | 'aimodel';
  readonly metadata: readonly MetadataEntry[];
}

/** Unlocks a ContractLock: evidence that the contract ran. */
export interface ExecutionProof {
  readonly kind: 'execution';
  readonly executionResultHash: Uint8Array;
  readonly stateTransitionProof: Uint8Array;
  readonly executionTimeMs: bigint;
  readonly context: ExecutionProofContext;
}

export interface DelegationProof {
  readonly kind: 'delegation';
  readonly delegationTxId: Hash;
  readonly delegationOutputIndex: number;
  readonly delegateSignature: Uint8Array;
  readonly operationType: string;
  readonly valueAmount: Amount;
  readonly delegateAddress: Address;
}

export interface ThresholdProof {
  readonly kind: 'threshold';
  readonly shares: readonly { readonly partyId: number; readonly signatureShare: Uint8Array; readonly verificationKey: Uint8Array }[];
  readonly combinedSignature: Uint8Array;
  readonly signatureScheme: string;
}

/** Proofs that can stand alone or be the base of a time/height proof (WES UnlockingProof). */
export type BaseUnlockingProof = SingleKeyProof | MultiKeyProof | ExecutionProof | DelegationProof | ThresholdProof;

export type UnlockingProof =
  | BaseUnlockingProof
  | { readonly kind: 'time'; readonly currentTimestamp: bigint; readonly base: BaseUnlockingProof }
  | { readonly kind: 'height'; readonly currentHeight: bigint; readonly confirmationBlocks: number; readonly base: BaseUnlockingProof };

export interface TxInput {
  readonly outPoint: OutPoint;
  readonly referenceOnly: boolean;
  /** WES sequence number; 0 when unused. */
  readonly sequence?: number;
  /** Absent while unsigned; cleared for the transaction id and signature hash. */
  readonly proof?: UnlockingProof;
}

/** The call a transaction carries (not in WES): enough for a validator to re-execute it. */
export interface ContractCall {
  readonly contract: Address;
  readonly method: string;
  readonly payload: Uint8Array;
  readonly gasLimit: bigint;
  /**
   * Native coin sent to the contract with the call (absent or 0 = none). It is taken from the
   * payer's signed inputs and arrives, before the call runs, as a ContractLock UTXO of the contract.
   */
  readonly funds?: Amount;
}

export type ValidityWindow =
  | { readonly kind: 'time'; readonly notBefore?: bigint; readonly notAfter?: bigint }
  | { readonly kind: 'height'; readonly notBefore?: bigint; readonly notAfter?: bigint };

export type TokenReference = { readonly kind: 'native' } | { readonly kind: 'contract'; readonly contract: Address };

/** Explicit fee rules; absent = the fee is sum(inputs) - sum(outputs). */
export type FeeMechanism =
  | { readonly kind: 'minimum'; readonly minimumAmount: Amount; readonly feeToken: TokenReference }
  | { readonly kind: 'proportional'; readonly rateBasisPoints: number; readonly maxFeeAmount?: Amount; readonly feeToken: TokenReference }
  | { readonly kind: 'contractExecution'; readonly baseFee: Amount; readonly executionFee: Amount; readonly feeToken: TokenReference }
  | { readonly kind: 'priority'; readonly baseFee: Amount; readonly priorityRate: string; readonly feeToken: TokenReference };

export interface Transaction {
  readonly version: number;
  readonly inputs: readonly TxInput[];
  readonly outputs: readonly TxOutput[];
  readonly nonce: bigint;
  /** Unix seconds. */
  readonly creationTimestamp: bigint;
  /** Replay protection across chains (bytes on the wire; UTF-8 of the chain id by convention). */
  readonly chainId: Uint8Array;
  readonly validityWindow?: ValidityWindow;
  readonly fee?: FeeMechanism;
  readonly memo?: string;
  readonly resourceAttachmentHashes?: readonly Hash[];
  readonly contractCall?: ContractCall;
}

/** Outcome of a transaction's contract call (not in WES). */
export interface Receipt {
  readonly txId: Hash;
  readonly status: number;
  readonly gasUsed: bigint;
  readonly returnData: Uint8Array;
  readonly events: readonly ContractEvent[];
  /** Stable WesError code when the call trapped; undefined on a normal return. */
  readonly errorCode?: string;
  /** Why the call failed (absent on success). A failed call is included and pays its fee. */
  readonly reason?: string;
  /** Effects computed at inclusion (never signed): UTXOs the call spent... */
  readonly spent?: readonly OutPoint[];
  /** ...and outputs it created; output k has the outpoint (txId, tx.outputs.length + k). */
  readonly outputs?: readonly TxOutput[];
}

/** A receipt records a failed call: a non-zero status, a trap, or a refused effect. */
export function receiptFailed(r: Receipt): boolean {
  return r.status !== 0 || r.errorCode !== undefined || r.reason !== undefined;
}

export interface BlockHeader {
  readonly chainId: bigint;
  readonly version: bigint;
  readonly previousHash: Hash;
  readonly timestamp: bigint;
  readonly height: bigint;
  readonly merkleRoot: Hash;
  readonly stateRoot?: Hash;
  readonly nonce: Uint8Array;
  readonly difficulty: bigint;
}

export interface Block {
  readonly header: BlockHeader;
  readonly transactions: readonly Transaction[];
}
