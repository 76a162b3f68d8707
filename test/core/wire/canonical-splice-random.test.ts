/**
 * The hot path's byte-level shortcuts against the schema, on generated transactions rather than
 * mutants: random input counts (up to 300, so the inputs field spans multi-byte lengths), every
 * proof kind or none per input, proofs padded past 127 and 16,383 bytes (the cut input's length
 * prefix shrinks), sequence and reference flags, with and without a contract call. For each:
 * the decoded object's id, signature hashes, size, unsigned cut and block framing equal what the
 * schema encoder gives for a plain copy of the same value.
 */
import { describe, expect, it } from 'vitest';
import { bytesEqual } from '../../../pkg/encoding.js';
import type { Transaction, TxInput, UnlockingProof } from '../../../pkg/model.js';
import { decodeTransaction, decodedUnsignedBytes, encodeBlock, encodeBlockBySchema, encodeTransaction } from '../../../internal/core/wire/codec.js';
import { signatureHash, transactionId, unsignedBytes } from '../../../internal/core/tx/hashing.js';
import { sighashDigestOf, txBytesOf } from '../../../internal/core/tx/tx-bytes.js';
import { fill, kitchenSinkTx, simpleTx } from '../tx/fixtures.js';
import { Prng } from '../../fuzz/prng.js';

const sink = kitchenSinkTx();
const proofs: UnlockingProof[] = sink.inputs.flatMap((i) => (i.proof ? [i.proof] : []));

/** A proof of the same kind, made larger (a multi-key proof with many signatures). */
function bigProof(rng: Prng): UnlockingProof {
  const n = rng.pick([3, 40, 300]);
  return { kind: 'multiKey', signatures: Array.from({ length: n }, (_, k) => ({ keyIndex: k, signature: fill(64, (k % 250) + 1), sighashType: 1 })) };
}

function randomTx(seed: number): Transaction {
  const rng = new Prng(seed);
  const count = rng.chance(0.8) ? rng.between(1, 6) : rng.between(7, 300);
  const inputs: TxInput[] = Array.from({ length: count }, (_, k) => {
    const roll = rng.below(10);
    const proof = roll < 2 ? undefined : roll < 4 ? bigProof(rng) : rng.pick(proofs);
    return {
      outPoint: { txId: fill(32, (seed + k) % 256), index: rng.chance(0.5) ? 0 : rng.below(1 << 20) },
      referenceOnly: rng.chance(0.2),
      ...(rng.chance(0.3) && { sequence: rng.chance(0.5) ? 0xffff_ffff : rng.below(300) }),
      ...(proof && { proof }),
    };
  });
  const base: Transaction = rng.chance(0.5) ? sink : simpleTx;
  return { ...base, inputs, nonce: BigInt(rng.below(1 << 30)) };
}

/** Generated per run (SPLICE_TXS for a longer one; the suite keeps it cheap). */
const COUNT = Number(process.env.SPLICE_TXS ?? 40);

describe('canonical splice on generated transactions', () => {
  it(`${COUNT} generated transactions: id, signature hashes, size, unsigned cut and block bytes match the schema path`, () => {
    let checked = 0;
    for (let seed = 1; seed <= COUNT; seed++) {
      const value = randomTx(seed);
      let bytes: Uint8Array;
      try {
        bytes = encodeTransaction(value);
      } catch {
        continue; // not encodable (none expected)
      }
      const tx = decodeTransaction(bytes);
      const copy = { ...tx };
      expect(bytesEqual(decodedUnsignedBytes(tx)!, unsignedBytes(copy))).toBe(true);
      expect(txBytesOf(tx).txId).toEqual(transactionId(copy));
      expect(txBytesOf(tx).size).toBe(bytes.length);
      for (let i = 0; i < tx.inputs.length; i += Math.max(1, tx.inputs.length >> 3)) expect(sighashDigestOf(tx, i, 1)).toEqual(signatureHash(copy, i, 1));
      const block = { header: { chainId: 1n, version: 1n, previousHash: fill(32, 1), timestamp: 1n, height: 1n, merkleRoot: fill(32, 2), nonce: new Uint8Array(0), difficulty: 0n }, transactions: [tx, copy, tx] };
      expect(bytesEqual(encodeBlock(block), encodeBlockBySchema(block))).toBe(true);
      checked++;
    }
    expect(checked).toBe(COUNT);
  });
});
