/**
 * The ABCI 2.0 requests and responses this application handles, as plain typed values. The
 * codec (abci-codec.ts) maps them to and from CometBFT's protobuf messages; the application
 * (wes-abci-app.ts) never sees protobuf, so it runs — and is tested — without the schema.
 *
 * Times are whole Unix seconds: the chain's block timestamps are seconds, and every validator
 * reads the same decided block time, so the truncation is deterministic.
 */
export type AbciRequest =
  | { readonly kind: 'echo'; readonly message: string }
  | { readonly kind: 'flush' }
  | { readonly kind: 'info' }
  | { readonly kind: 'initChain'; readonly time: bigint; readonly chainId: string; readonly appStateBytes: Uint8Array; readonly initialHeight: bigint }
  | { readonly kind: 'query'; readonly path: string; readonly data: Uint8Array; readonly height: bigint }
  | { readonly kind: 'checkTx'; readonly tx: Uint8Array; readonly recheck: boolean }
  | { readonly kind: 'commit' }
  | { readonly kind: 'prepareProposal'; readonly txs: readonly Uint8Array[]; readonly maxTxBytes: bigint; readonly height: bigint; readonly time: bigint }
  | { readonly kind: 'processProposal'; readonly txs: readonly Uint8Array[]; readonly height: bigint; readonly time: bigint }
  | { readonly kind: 'finalizeBlock'; readonly txs: readonly Uint8Array[]; readonly height: bigint; readonly time: bigint }
  | { readonly kind: 'extendVote' }
  | { readonly kind: 'verifyVoteExtension' }
  | { readonly kind: 'listSnapshots' }
  | { readonly kind: 'offerSnapshot' }
  | { readonly kind: 'loadSnapshotChunk' }
  | { readonly kind: 'applySnapshotChunk' };

export type AbciRequestKind = AbciRequest['kind'];

/** Result of one transaction in CheckTx or FinalizeBlock: code 0 is success. */
export interface TxResult {
  readonly code: number;
  /** The transaction id on success (deterministic: part of CometBFT's results hash). */
  readonly data: Uint8Array;
  /** Human-readable reason (not part of consensus). */
  readonly log: string;
  readonly codespace: string;
}

export type AbciResponse =
  | { readonly kind: 'exception'; readonly error: string }
  | { readonly kind: 'echo'; readonly message: string }
  | { readonly kind: 'flush' }
  | { readonly kind: 'info'; readonly data: string; readonly version: string; readonly appVersion: bigint; readonly lastBlockHeight: bigint; readonly lastBlockAppHash: Uint8Array }
  | { readonly kind: 'initChain'; readonly appHash: Uint8Array }
  | { readonly kind: 'query'; readonly code: number; readonly log: string; readonly value: Uint8Array; readonly height: bigint }
  | ({ readonly kind: 'checkTx' } & TxResult)
  | { readonly kind: 'commit'; readonly retainHeight: bigint }
  | { readonly kind: 'prepareProposal'; readonly txs: readonly Uint8Array[] }
  | { readonly kind: 'processProposal'; readonly accept: boolean }
  | { readonly kind: 'finalizeBlock'; readonly txResults: readonly TxResult[]; readonly appHash: Uint8Array }
  | { readonly kind: 'extendVote' }
  | { readonly kind: 'verifyVoteExtension' }
  | { readonly kind: 'listSnapshots' }
  | { readonly kind: 'offerSnapshot' }
  | { readonly kind: 'loadSnapshotChunk' }
  | { readonly kind: 'applySnapshotChunk' };

/** The response variant answering request kind K. */
export type ResponseFor<K extends AbciRequestKind> = Extract<AbciResponse, { kind: K }>;
