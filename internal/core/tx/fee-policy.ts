/**
 * The devnet fee policy, in native base units (1 WES = 10^8):
 *
 *   minimum fee = MIN_FEE_BASE
 *               + FEE_PER_BYTE × (bytes of the signed transaction's protobuf encoding)
 *               + ceil(gas limit / GAS_PER_FEE_UNIT)                     (contract calls only)
 *               + STORAGE_FEE_PER_BYTE × receiptStorageBytes(receipt)     (contract calls only)
 *
 * The fee is implicit, as in WES: sum(native inputs) - sum(native outputs). A transaction pays
 * at least the minimum or is rejected.
 *
 * Every byte a transaction makes the node store is paid for, at STORAGE_FEE_PER_BYTE per stored
 * byte. The transaction's own bytes (its outputs and state outputs included) are stored at most
 * twice — in its block, and again in the UTXO or contract-state table — hence FEE_PER_BYTE =
 * 2 × STORAGE_FEE_PER_BYTE. A call's receipt is not part of the transaction: its return data is
 * stored once, each event three times (in the receipt and in the by-block and by-contract event
 * indexes) plus a record overhead per copy; receiptStorageBytes counts exactly that. Per-call
 * caps bound what one call can record at all (ispc/hostabi/limits.ts: MAX_CALL_EVENT_BYTES,
 * MAX_CALL_STATE_BYTES). Gas prices CPU, not storage: the gas part charges for the *limit* (what
 * a verifier must be ready to spend re-executing the call), so the fee is known before the call
 * runs; the receipt part is known from the simulation the builder ran, and the verifier checks
 * it against the re-execution. Fees are collected by the block's coinbase or, without one, burned.
 */
import type { Receipt, Transaction } from '../../../pkg/model.js';

export const MIN_FEE_BASE = 1_000n;
export const STORAGE_FEE_PER_BYTE = 5n;
/** Two stored copies of each byte of the signed transaction. */
export const FEE_PER_BYTE = 2n * STORAGE_FEE_PER_BYTE;
export const GAS_PER_FEE_UNIT = 1_000n;
/** Stored copies of each event: the receipt, the by-block index, the by-contract index. */
export const EVENT_COPIES = 3n;
/** Per stored event copy: its key (height, tx index, event index, contract) and framing. */
export const EVENT_RECORD_OVERHEAD_BYTES = 64n;

/** What a call's receipt makes the store keep beyond the transaction's own bytes. */
export interface ReceiptBytes {
  readonly returnData: Uint8Array;
  readonly events: readonly { readonly data: Uint8Array }[];
}

/** Bytes stored for a call's return data and events (see the policy above). */
export function receiptStorageBytes(r: ReceiptBytes): bigint {
  let bytes = BigInt(r.returnData.length);
  for (const e of r.events) bytes += EVENT_COPIES * (BigInt(e.data.length) + EVENT_RECORD_OVERHEAD_BYTES);
  return bytes;
}

export function minimumFee(signedSize: number, gasLimit: bigint = 0n, storedReceiptBytes: bigint = 0n): bigint {
  const gasPart = gasLimit === 0n ? 0n : (gasLimit + GAS_PER_FEE_UNIT - 1n) / GAS_PER_FEE_UNIT;
  return MIN_FEE_BASE + FEE_PER_BYTE * BigInt(signedSize) + gasPart + STORAGE_FEE_PER_BYTE * storedReceiptBytes;
}

export function minimumFeeOf(tx: Transaction, signedSize: number, receipt?: Receipt): bigint {
  return minimumFee(signedSize, tx.contractCall?.gasLimit ?? 0n, receipt === undefined ? 0n : receiptStorageBytes(receipt));
}

/** The policy as /v1/status reports it (decimal strings). */
export function feePolicySummary(): Readonly<Record<string, string>> {
  return {
    minimumFee: MIN_FEE_BASE.toString(),
    feePerByte: FEE_PER_BYTE.toString(),
    gasPerFeeUnit: GAS_PER_FEE_UNIT.toString(),
    storageFeePerByte: STORAGE_FEE_PER_BYTE.toString(),
    eventCopies: EVENT_COPIES.toString(),
    eventRecordOverheadBytes: EVENT_RECORD_OVERHEAD_BYTES.toString(),
  };
}
