/**
 * What the HTTP API needs from a node, as JSON-ready values (addresses Base58Check, bytes hex,
 * amounts decimal strings). Route handlers stay thin: validate, call one method, reply.
 * There is deliberately no method that takes a private key.
 */
export interface StatusView {
  readonly chainId: string;
  readonly height: string;
  readonly tipHash: string;
  readonly tipTimestamp: string;
  readonly mempoolSize: number;
  readonly engine: { readonly version: string; readonly costTableVersion: number; readonly abiVersion: string };
  /** fee-policy.ts feePolicySummary(): minimumFee, feePerByte, gasPerFeeUnit, storageFeePerByte, eventCopies, eventRecordOverheadBytes. */
  readonly feePolicy: Readonly<Record<string, string>>;
}

export interface UnsignedTxView {
  readonly txId: string;
  /** Protobuf bytes of the unsigned transaction, base64: the client signs and submits it. */
  readonly unsignedTx: string;
  readonly fee: string;
  /** Inputs the client must sign, with their signature hashes (hex). */
  readonly signatures: readonly { readonly inputIndex: number; readonly sighash: string }[];
  /** Deployment code travelling beside the transaction (hex sha256 -> base64), to send back on submit. */
  readonly attachments?: Readonly<Record<string, string>>;
  readonly contract?: string;
}

export interface EventView {
  readonly contract: string;
  readonly index: number;
  /** The event payload as text when it is UTF-8, else undefined. */
  readonly text: string | undefined;
  readonly data: string;
  readonly height?: string;
  readonly txId?: string;
}

export interface SimulationView {
  readonly ok: boolean;
  readonly status: number | null;
  readonly statusName: string;
  readonly gasUsed: string;
  readonly returnData: string;
  readonly returnText: string | undefined;
  readonly events: readonly EventView[];
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly draft: Record<string, unknown> | null;
  readonly logs: readonly string[];
}

export interface CallSpec {
  readonly contract: string;
  readonly method: string;
  /** Either params (JSON value, sent as the payload's JSON text) or payload (hex). */
  readonly params?: unknown;
  readonly payload?: string;
  readonly caller: string;
  readonly gasLimit?: string;
  /** Native coin (base units, decimal) sent to the contract with the call. */
  readonly funds?: string;
}

/** A deployed contract instance and the code it runs. */
export interface ContractView {
  readonly address: string;
  readonly codeHash: string;
  readonly codeSize: number;
}

/** A stored code and (a page of) its instances. */
export interface CodeView {
  readonly codeHash: string;
  readonly size: number;
  /** Instance addresses in address order, at most `limit` of them. */
  readonly instances: readonly string[];
  readonly totalInstances: number;
}

export interface TxView {
  readonly txId: string;
  /**
   * pending: admitted, waiting in the mempool (height "" and txIndex -1); included: in a block,
   * its call (if any) succeeded; failed: in a block, its call failed (reason) and the fee was paid.
   * A dropped transaction is reported as an error (TX_DROPPED) with its reason.
   */
  readonly status: 'pending' | 'included' | 'failed';
  readonly reason?: string;
  readonly height: string;
  readonly txIndex: number;
  readonly tx: Record<string, unknown>;
  /** The transaction's protobuf bytes (with proofs), base64: clients hash them to check an outpoint's output. */
  readonly raw: string;
  /** Protobuf bytes of the call's receipt (its effect outputs), base64; absent for non-calls and pending. */
  readonly rawReceipt?: string;
  readonly receipt: Record<string, unknown> | null;
  /** The first page of the transaction's events; more via GET /v1/transactions/{txId}/events?cursor=eventsNext. */
  readonly events: readonly EventView[];
  readonly eventsNext: string | null;
}

/** One page of a listing; `next` is the cursor of the following page, null on the last one. */
export interface PageRequest {
  readonly cursor?: string;
  readonly limit?: number;
}

export interface BalanceView {
  readonly address: string;
  readonly native: string;
  /** Per-class token balances in (contract, class) order, at most 1000 (then tokenClasses and tokensTruncated are set). */
  readonly tokens: readonly { readonly contract: string; readonly classId: string; /** The class id as text when printable ("GLD"). */ readonly classIdText?: string; readonly amount: string }[];
  readonly tokenClasses?: number;
  readonly tokensTruncated?: boolean;
}

export interface UtxoView {
  readonly txId: string;
  readonly index: number;
  readonly height: string;
  readonly output: Record<string, unknown>;
}

export interface StateEntryView {
  readonly key: string;
  readonly keyText: string | undefined;
  readonly version: string;
  readonly value: string;
  readonly text: string | undefined;
}

export interface StateView {
  readonly contract: string;
  readonly key: string;
  readonly found: boolean;
  readonly version: string;
  readonly value: string | null;
  readonly text: string | undefined;
}

export interface BlockView {
  readonly height: string;
  readonly hash: string;
  readonly parentHash: string;
  readonly timestamp: string;
  readonly txIds: readonly string[];
  readonly header: Record<string, unknown>;
}

export interface NodeService {
  status(): Promise<StatusView>;
  buildDeploy(req: { readonly wasm: Uint8Array; readonly from: string }): Promise<UnsignedTxView>;
  simulate(req: CallSpec): Promise<SimulationView>;
  buildCall(req: CallSpec): Promise<{ readonly simulation: SimulationView; readonly tx: UnsignedTxView }>;
  buildTransfer(req: { readonly from: string; readonly to: string; readonly amount: string }): Promise<UnsignedTxView>;
  submit(req: { readonly tx: Uint8Array; readonly attachments: ReadonlyMap<string, Uint8Array> }): Promise<{ readonly txId: string; readonly fee: string }>;
  getTx(txId: string): Promise<TxView | undefined>;
  contract(address: string): Promise<ContractView | undefined>;
  code(codeHash: string, limit: number): Promise<CodeView | undefined>;
  /**
   * A page of an included transaction's events; for one still waiting for a block, an empty page
   * with status "pending"; undefined if unknown; a dropped one throws TX_DROPPED (as getTx).
   */
  txEvents(txId: string, page: PageRequest): Promise<{ readonly events: readonly EventView[]; readonly next: string | null; readonly status?: 'pending' } | undefined>;
  balance(address: string): Promise<BalanceView>;
  utxos(address: string, page: PageRequest): Promise<{ readonly utxos: readonly UtxoView[]; readonly next: string | null }>;
  state(contract: string, key: Uint8Array): Promise<StateView>;
  stateEntries(contract: string, page: PageRequest): Promise<{ readonly entries: readonly StateEntryView[]; readonly next: string | null }>;
  events(contract: string, fromHeight: bigint, page: PageRequest): Promise<{ readonly events: readonly EventView[]; readonly next: string | null }>;
  block(heightOrHash: string): Promise<BlockView | undefined>;
  /** Ask for a block now (devnet). */
  produceBlock(): Promise<BlockView>;
}
