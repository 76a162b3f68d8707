/**
 * The devnet fee policy, in native base units (1 WES = 10^8):
 *
 *   minimum fee = MIN_FEE_BASE
 *               + FEE_PER_BYTE × (bytes of the signed transaction's protobuf encoding)
 *               + ceil(gas limit / GAS_PER_FEE_UNIT)           (contract calls only)
 *
 * The fee is implicit, as in WES: sum(native inputs) - sum(native outputs). A transaction pays
 * at least the minimum or is rejected. The flat part prices a verification slot, the byte part
 * storage, and the gas part charges for the *limit* (what the verifier must be ready to spend
 * re-executing the call), not the gas used, so the fee is known before the call runs.
 * Fees are collected by the block's coinbase (the producer) or, without one, burned.
 */
import type { Transaction } from '../../../pkg/model.js';

export const MIN_FEE_BASE = 1_000n;
export const FEE_PER_BYTE = 10n;
export const GAS_PER_FEE_UNIT = 1_000n;

export function minimumFee(signedSize: number, gasLimit: bigint = 0n): bigint {
  const gasPart = gasLimit === 0n ? 0n : (gasLimit + GAS_PER_FEE_UNIT - 1n) / GAS_PER_FEE_UNIT;
  return MIN_FEE_BASE + FEE_PER_BYTE * BigInt(signedSize) + gasPart;
}

export function minimumFeeOf(tx: Transaction, signedSize: number): bigint {
  return minimumFee(signedSize, tx.contractCall?.gasLimit ?? 0n);
}
