/**
 * The last check before a verified transaction joins a block: everything the store will write
 * for it must encode, and decode back, in the exact form the store uses — the transaction inside
 * a Block (two nesting levels deeper than on its own), its receipt and its new UTXOs. A value
 * the codec accepted on its own can still fail here (protobufjs refuses more than 100 nested
 * levels, and throws an untyped Error when it does); such a transaction would otherwise throw
 * inside the block commit, stay in the mempool and stop the chain.
 */
import { TxError, isWesError } from '../../../pkg/errors.js';
import type { BlockHeader } from '../../../pkg/model.js';
import { decodeBlock, decodeReceipt, decodeTxOutput, encodeBlock, encodeReceipt, encodeTxOutput } from '../wire/codec.js';
import type { VerifiedTx } from '../tx/verifier.js';
import { ZERO_HASH } from './block-hash.js';

/** A header of the real shape; only the nesting and the codec path matter here. */
const PROBE_HEADER: BlockHeader = {
  chainId: 0n, version: 1n, previousHash: ZERO_HASH, timestamp: 0n, height: 0n,
  merkleRoot: ZERO_HASH, stateRoot: ZERO_HASH, nonce: new Uint8Array(0), difficulty: 0n,
};

/** Throws TX_NOT_STORABLE (with the codec's own message) unless the store can write and read `v` back. */
export function checkStorable(v: VerifiedTx): void {
  try {
    decodeBlock(encodeBlock({ header: PROBE_HEADER, transactions: [v.tx] }));
    if (v.receipt !== undefined) decodeReceipt(encodeReceipt(v.receipt));
    for (const u of v.created) decodeTxOutput(encodeTxOutput(u.output));
  } catch (e) {
    const why = isWesError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
    throw new TxError('NOT_STORABLE', `the transaction cannot be stored in a block (${why}); it is refused`, { cause: why });
  }
}
