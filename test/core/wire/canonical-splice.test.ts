/**
 * The byte-level shortcuts the hot path takes on canonical encodings give exactly what the schema
 * encoder gives: the unsigned encoding cut from a decoded transaction's bytes, and a block framed
 * from its parts. Any mismatch would change transaction ids or block hashes.
 */
import { describe, expect, it } from 'vitest';
import { decodeBlock, decodeTransaction, decodedUnsignedBytes, encodeBlock, encodeBlockBySchema, encodeTransaction } from '../../../internal/core/wire/codec.js';
import { unsignedBytes } from '../../../internal/core/tx/hashing.js';
import { txBytesOf } from '../../../internal/core/tx/tx-bytes.js';
import type { BlockHeader, Transaction } from '../../../pkg/model.js';
import { fill, hex, kitchenSinkTx, simpleTx } from '../tx/fixtures.js';

/** Variants: every proof kind (kitchen sink), none, one input per proof kind, and large inputs (2-byte lengths). */
function variants(): Transaction[] {
  const sink = kitchenSinkTx();
  const perInput = sink.inputs.map((input) => ({ ...sink, inputs: [input] }));
  const wide: Transaction = { ...sink, inputs: Array.from({ length: 40 }, (_, i) => sink.inputs[i % sink.inputs.length]!), memo: 'm'.repeat(300) };
  return [simpleTx, sink, ...perInput, { ...sink, inputs: sink.inputs.map(({ proof: _p, ...rest }) => rest) }, wide];
}

describe('canonical splices', () => {
  it('cuts the unsigned encoding from a decoded transaction exactly as encoding it without proofs does', () => {
    for (const tx of variants()) {
      const decoded = decodeTransaction(encodeTransaction(tx));
      expect(hex(decodedUnsignedBytes(decoded)!)).toBe(hex(unsignedBytes(tx)));
      // The id and size the node uses come from the cut bytes; they match an undecoded equal value.
      expect(hex(txBytesOf(decoded).txId)).toBe(hex(txBytesOf({ ...tx }).txId));
      expect(txBytesOf(decoded).size).toBe(txBytesOf({ ...tx }).size);
    }
  });

  it('only decoded objects have cut bytes; encodeTransaction reuses the decoded bytes', () => {
    const bytes = encodeTransaction(kitchenSinkTx());
    const decoded = decodeTransaction(bytes);
    expect(decodedUnsignedBytes(kitchenSinkTx())).toBeUndefined();
    expect(hex(encodeTransaction(decoded))).toBe(hex(bytes));
    bytes.fill(0); // the decoder kept a private copy
    expect(hex(encodeTransaction(decoded))).toBe(hex(encodeTransaction(kitchenSinkTx())));
  });

  it('frames a block exactly as the schema encodes it (0, 1, many and large transactions)', () => {
    const header: BlockHeader = {
      chainId: 7n, version: 1n, previousHash: fill(32, 0), timestamp: 1_700_000_000n, height: 42n,
      merkleRoot: fill(32, 1), stateRoot: fill(32, 2), nonce: new Uint8Array(0), difficulty: 0n,
    };
    const txs = variants();
    const decodedTxs = txs.map((t) => decodeTransaction(encodeTransaction(t)));
    for (const transactions of [[], [simpleTx], txs, decodedTxs, [...txs, ...txs, ...txs, ...txs]]) {
      const block = { header, transactions };
      const bytes = encodeBlock(block);
      expect(hex(bytes)).toBe(hex(encodeBlockBySchema(block)));
      expect(decodeBlock(bytes)).toEqual({ header, transactions: transactions.map((t) => decodeTransaction(encodeTransaction(t))) });
    }
  });
});
