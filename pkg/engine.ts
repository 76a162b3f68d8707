/**
 * The public face of the contract engine: call one method of one contract, get one result.
 */
import type { Address, Hash, ContractStatusName } from './types.js';
import type { ChainView } from './ports.js';
import type { ContractEvent, TransactionDraft } from './draft.js';
import type { ExecutionError } from './errors.js';

/** Everything fixed for one call. Nothing here changes while the call runs. */
export interface ExecutionContext {
  readonly caller: Address;
  /** Height of the block being built (never the live tip). */
  readonly blockHeight: bigint;
  /** That block's timestamp, unix seconds. */
  readonly blockTimestamp: bigint;
  /** Id of the transaction carrying the call (zero hash when simulating). */
  readonly txHash: Hash;
  readonly txIndex: number;
  /** Index of this call within its transaction; seeds WASI random_get with txHash. */
  readonly callIndex: number;
  readonly chain: ChainView;
}

export interface CallRequest {
  /** Wasm bytes of the contract (the engine hashes them itself). */
  readonly code: Uint8Array;
  /**
   * The instance being called (its state, holdings, events; get_contract_address). Absent: the
   * code's own address, hash160(sha256(code)) — what a local run without a chain uses.
   */
  readonly contract?: Address;
  readonly method: string;
  readonly payload: Uint8Array;
  readonly gasLimit: bigint;
  readonly context: ExecutionContext;
}

export interface CallResult {
  /** Status code returned by the method; undefined when the call trapped. */
  readonly status: number | undefined;
  readonly statusName: ContractStatusName | 'TRAPPED';
  readonly ok: boolean;
  readonly gasUsed: bigint;
  readonly returnData: Uint8Array;
  readonly events: readonly ContractEvent[];
  /** Present only when ok: a failed call leaves no draft. */
  readonly draft: TransactionDraft | undefined;
  readonly error: ExecutionError | undefined;
  /** Bounded debug output (log_debug, fd_write): not consensus data. */
  readonly logs: readonly string[];
}

export interface ModuleSummary {
  readonly codeHash: Hash;
  readonly contractAddress: Address;
  readonly size: number;
  readonly functionCount: number;
  readonly imports: readonly { module: string; name: string; kind: string }[];
  readonly exports: readonly { name: string; kind: string }[];
  readonly memoryPages: { readonly initial: number; readonly maximum: number | undefined };
  /** Exported functions callable as methods: type () -> i32, not an entry point or runtime export. */
  readonly methods: readonly string[];
}

export interface PrepareOptions {
  /** Write a fresh compile to the disk cache (default true). */
  readonly persist?: boolean;
}

export interface WASMEngine {
  /**
   * Validate, instrument and compile (cached). Throws ModuleRejectedError on a rule violation.
   * `persist: false` keeps the result out of any disk cache: for code that is only being checked
   * and may never reach the chain (strangers must not be able to fill the node's disk).
   */
  prepare(code: Uint8Array, opts?: PrepareOptions): Promise<ModuleSummary>;
  /** Run one method. Contract failures come back in the result; caller mistakes throw. */
  call(request: CallRequest): Promise<CallResult>;
}
