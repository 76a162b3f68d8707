/**
 * A transaction's encoding-derived facts, computed once per transaction object: its signed size,
 * its encoding without proofs and its id. A submitted transaction is checked at admission, by the
 * signature pool and again when its block is built; each encode is ~20–40 µs for a transfer.
 * Transactions are immutable values (pkg/model.ts is readonly throughout), so a fact computed
 * for an object holds for as long as the object lives (a WeakMap: never for an equal object).
 */
import { sha256 } from '../../../pkg/hashes.js';
import type { Transaction } from '../../../pkg/model.js';
import type { Hash } from '../../../pkg/types.js';
import { decodedSize, decodedUnsignedBytes, encodeTransaction } from '../wire/codec.js';
import { sighashPreimage, unsignedBytes } from './hashing.js';

export interface TxBytes {
  /** Bytes of the signed encoding. */
  readonly size: number;
  /** The encoding with every proof cleared (what the id and signatures commit to). Do not modify. */
  readonly unsigned: Uint8Array;
  readonly txId: Hash;
}

const memo = new WeakMap<Transaction, TxBytes>();
/** Signature hashes by input index × 256 + sighash type: the pool, admission and the block check share one. */
const digestMemo = new WeakMap<Transaction, Map<number, Hash>>();

export function txBytesOf(tx: Transaction): TxBytes {
  let b = memo.get(tx);
  if (b === undefined) {
    // A decoded transaction's unsigned encoding is cut from its canonical bytes (no re-encode).
    const unsigned = decodedUnsignedBytes(tx) ?? unsignedBytes(tx);
    // Without proofs the signed encoding is the unsigned one: skip the second encode.
    // A decoded transaction's signed encoding is the bytes it came from (strict decoding).
    const size = tx.inputs.every((i) => i.proof === undefined) ? unsigned.length : (decodedSize(tx) ?? encodeTransaction(tx).length);
    b = { size, unsigned, txId: sha256(unsigned) };
    memo.set(tx, b);
  }
  return b;
}

/**
 * SHA-256 of input `inputIndex`'s signature preimage (hashing.ts), computed once per transaction
 * object: the signature pool, the admission check and the block check all ask for it.
 */
export function sighashDigestOf(tx: Transaction, inputIndex: number, sighashType: number): Hash {
  let digests = digestMemo.get(tx);
  if (digests === undefined) digestMemo.set(tx, (digests = new Map()));
  const slot = inputIndex * 256 + sighashType;
  let d = digests.get(slot);
  if (d === undefined) {
    d = sha256(sighashPreimage(txBytesOf(tx).unsigned, inputIndex, sighashType));
    digests.set(slot, d);
  }
  return d;
}
