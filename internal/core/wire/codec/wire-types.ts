/**
 * Plain-object shapes of the protobuf messages as protobufjs reads and writes them (camelCase
 * field names, every field optional). Only the fields the model carries, plus the ones whose
 * presence the decoder must notice to reject an unsupported variant; anything else on the wire
 * is caught by the decoder's canonical re-encoding check.
 */

/** A uint64 as protobufjs handles it: a Long (decode) or an object with the same bits (encode). */
export interface WU64 {
  readonly low: number;
  readonly high: number;
  readonly unsigned?: boolean;
}

export interface WEntry {
  key?: string;
  value?: Uint8Array;
}

export interface WValue {
  value?: Uint8Array;
}

export interface WOutPoint {
  txId?: Uint8Array;
  outputIndex?: number;
}

// ---- locks ----

export interface WLock {
  singleKeyLock?: { requiredPublicKey?: WValue; requiredAddressHash?: Uint8Array; requiredAlgorithm?: number; sighashType?: number };
  multiKeyLock?: { requiredSignatures?: number; authorizedKeys?: WValue[]; requiredAlgorithm?: number; sighashType?: number };
  contractLock?: { contractAddress?: Uint8Array; requiredMethod?: string };
  delegationLock?: { originalOwner?: Uint8Array; allowedDelegates?: Uint8Array[]; maxValuePerOperation?: WU64 };
  thresholdLock?: { threshold?: number; totalParties?: number; partyVerificationKeys?: Uint8Array[] };
  timeLock?: { unlockTimestamp?: WU64; baseLock?: WLock };
  heightLock?: { unlockHeight?: WU64; baseLock?: WLock };
}

// ---- proofs ----

export interface WSingleKeyProof {
  signature?: WValue;
  publicKey?: WValue;
  algorithm?: number;
  sighashType?: number;
}

export interface WMultiKeyProof {
  signatures?: { keyIndex?: number; signature?: WValue; algorithm?: number; sighashType?: number }[];
}

export interface WIdentityProof {
  publicKey?: Uint8Array;
  callerAddress?: Uint8Array;
  signature?: Uint8Array;
  algorithm?: number;
  sighashType?: number;
  nonce?: Uint8Array;
  timestamp?: WU64;
  contextHash?: Uint8Array;
}

export interface WExecutionProof {
  executionResultHash?: Uint8Array;
  stateTransitionProof?: Uint8Array;
  executionTimeMs?: WU64;
  context?: {
    inputDataHash?: Uint8Array;
    outputDataHash?: Uint8Array;
    callerIdentity?: WIdentityProof;
    resourceAddress?: Uint8Array;
    executionType?: number;
    metadata?: WEntry[];
  };
}

export interface WDelegationProof {
  delegationTransactionId?: Uint8Array;
  delegationOutputIndex?: number;
  delegateSignature?: WValue;
  operationType?: string;
  valueAmount?: WU64;
  delegateAddress?: Uint8Array;
}

export interface WThresholdProof {
  shares?: { partyId?: number; signatureShare?: Uint8Array; verificationKey?: Uint8Array }[];
  combinedSignature?: Uint8Array;
  signatureScheme?: string;
}

/** The members of UnlockingProof.proof; TxInput.unlocking_proof uses the same names plus time/height. */
export interface WBaseProof {
  singleKeyProof?: WSingleKeyProof;
  multiKeyProof?: WMultiKeyProof;
  executionProof?: WExecutionProof;
  delegationProof?: WDelegationProof;
  thresholdProof?: WThresholdProof;
}

export interface WInputProof extends WBaseProof {
  timeProof?: { currentTimestamp?: WU64; baseProof?: WBaseProof };
  heightProof?: { currentHeight?: WU64; baseProof?: WBaseProof; confirmationBlocks?: number };
}

// ---- outputs ----

export interface WResource {
  category?: number;
  executableType?: number;
  contentHash?: Uint8Array;
  mimeType?: string;
  size?: WU64;
}

export interface WTxOutput {
  owner?: Uint8Array;
  lockingConditions?: WLock[];
  asset?: {
    nativeCoin?: { amount?: string };
    contractToken?: { contractAddress?: Uint8Array; amount?: string; fungibleClassId?: Uint8Array; nftUniqueId?: Uint8Array; semiFungibleId?: object };
  };
  state?: {
    stateId?: Uint8Array;
    stateVersion?: WU64;
    zkProof?: { publicInputs?: Uint8Array[] };
    executionResultHash?: Uint8Array;
    parentStateHash?: Uint8Array;
    value?: Uint8Array;
  };
  resource?: { resource?: WResource; creationTimestamp?: WU64 };
}

// ---- transaction ----

export interface WTxInput extends WInputProof {
  previousOutput?: WOutPoint;
  isReferenceOnly?: boolean;
  sequence?: number;
}

export interface WTokenReference {
  nativeToken?: boolean;
  contractAddress?: Uint8Array;
}

export interface WWindow {
  notBeforeTimestamp?: WU64;
  notAfterTimestamp?: WU64;
  notBeforeHeight?: WU64;
  notAfterHeight?: WU64;
}

export interface WTransaction {
  version?: number;
  inputs?: WTxInput[];
  outputs?: WTxOutput[];
  metadata?: { memo?: string };
  nonce?: WU64;
  creationTimestamp?: WU64;
  timeWindow?: WWindow;
  heightWindow?: WWindow;
  chainId?: Uint8Array;
  minimumFee?: { minimumAmount?: string; feeToken?: WTokenReference };
  proportionalFee?: { rateBasisPoints?: number; maxFeeAmount?: string; feeToken?: WTokenReference };
  contractFee?: { baseFee?: string; executionFee?: string; feeToken?: WTokenReference };
  priorityFee?: { baseFee?: string; priorityRate?: string; feeToken?: WTokenReference };
  resourceAttachmentHashes?: Uint8Array[];
  contractCall?: { contractAddress?: Uint8Array; method?: string; payload?: Uint8Array; gasLimit?: WU64; funds?: WU64 };
}

// ---- receipt, block ----

export interface WReceipt {
  txId?: Uint8Array;
  status?: number;
  gasUsed?: WU64;
  returnData?: Uint8Array;
  events?: { contract?: Uint8Array; data?: Uint8Array; index?: number }[];
  errorCode?: string;
  reason?: string;
  spent?: { txId?: Uint8Array; outputIndex?: number }[];
  outputs?: WTxOutput[];
}

export interface WBlockHeader {
  chainId?: WU64;
  version?: WU64;
  previousHash?: Uint8Array;
  timestamp?: WU64;
  height?: WU64;
  merkleRoot?: Uint8Array;
  stateRoot?: Uint8Array;
  nonce?: Uint8Array;
  difficulty?: WU64;
}

export interface WBlock {
  header?: WBlockHeader;
  body?: { transactions?: WTransaction[] };
}
