/**
 * What the tx layer reads from the chain: the contract ports (ChainView) plus deployed code.
 * The chain store implements it for the tip; an overlay implements it for "the tip plus the
 * transactions already accepted into the block being built", which is what every transaction
 * in a block must be checked (and its call re-executed) against.
 */
import type { ChainView } from '../../../pkg/ports.js';
import type { Address, Hash } from '../../../pkg/types.js';

export interface CodeReader {
  /** Wasm of the contract deployed at `contract` (= hash160(sha256(code))). */
  codeOf(contract: Address): Uint8Array | undefined;
  /** Wasm stored under its SHA-256. */
  codeByHash(codeHash: Hash): Uint8Array | undefined;
}

export interface LedgerView extends ChainView, CodeReader {}
