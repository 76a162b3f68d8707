/**
 * Transaction id and signature hash (ABI.md §10, wes-notes §2.6).
 *
 *   id      = SHA-256(encode(tx with every unlocking proof cleared))
 *   sighash = SHA-256(those bytes ‖ u32 big-endian input index ‖ u8 sighash type)
 *
 * WES appended the index as one byte (index 256 signed like index 0); we use four.
 */
import { sha256 } from '../../../pkg/hashes.js';
import { TxError } from '../../../pkg/errors.js';
import type { Hash } from '../../../pkg/types.js';
import { SIGHASH_ALL, type Transaction } from '../../../pkg/model.js';
import { encodeTransaction } from '../wire/codec.js';

/** The same transaction with no unlocking proofs: what the id and every signature commit to. */
export function withoutProofs(tx: Transaction): Transaction {
  if (tx.inputs.every((i) => i.proof === undefined)) return tx;
  return { ...tx, inputs: tx.inputs.map(({ proof: _dropped, ...input }) => input) };
}

/** Deterministic encoding with proofs cleared (hash these once, then sign every input from them). */
export function unsignedBytes(tx: Transaction): Uint8Array {
  return encodeTransaction(withoutProofs(tx));
}

export function transactionId(tx: Transaction): Hash {
  return sha256(unsignedBytes(tx));
}

/**
 * The message whose SHA-256 is the signature hash. Signers and verifiers take SHA-256 of it
 * themselves (node:crypto can only verify "SHA-256 of a message", not a bare digest).
 */
export function sighashPreimage(unsigned: Uint8Array, inputIndex: number, sighashType: number): Uint8Array {
  if (!Number.isInteger(inputIndex) || inputIndex < 0 || inputIndex > 0xffff_ffff) {
    throw new TxError('BAD_INPUT_INDEX', `input index must be a u32, got ${inputIndex}`);
  }
  if (!Number.isInteger(sighashType) || sighashType < 0 || sighashType > 0xff) {
    throw new TxError('BAD_SIGHASH_TYPE', `sighash type must be a byte, got ${sighashType}`);
  }
  const out = new Uint8Array(unsigned.length + 5);
  out.set(unsigned, 0);
  new DataView(out.buffer).setUint32(unsigned.length, inputIndex, false);
  out[unsigned.length + 4] = sighashType;
  return out;
}

export function signatureHash(tx: Transaction, inputIndex: number, sighashType: number = SIGHASH_ALL): Hash {
  if (inputIndex >= tx.inputs.length) {
    throw new TxError('BAD_INPUT_INDEX', `input ${inputIndex} does not exist (the transaction has ${tx.inputs.length})`);
  }
  return sha256(sighashPreimage(unsignedBytes(tx), inputIndex, sighashType));
}
