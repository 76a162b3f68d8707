/**
 * Decode-time bounds (issue 11): whatever the decoders accept from untrusted bytes can still be
 * encoded inside a block, and oversized or over-deep input fails with a typed TxError before
 * protobufjs builds anything.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeBlock, decodeLockingCondition, decodeTransaction, decodeTxOutput,
  encodeBlock, encodeLockingCondition, encodeTransaction, encodeTxOutput,
} from '../../../internal/core/wire/codec.js';
import { DECODE_BOUNDS, MAX_TX_DEPTH, PROTOBUF_MAX_LEVELS } from '../../../internal/core/wire/codec/decode-bounds.js';
import { TxError } from '../../../pkg/errors.js';
import { txErrorCode } from '../../helpers/tx-error.js';
import type { Block, LockingCondition, Transaction } from '../../../pkg/model.js';
import { cat, fill, nativeOutput, simpleTx } from '../tx/fixtures.js';


/** A single-key lock wrapped in `n` alternating time and height locks. */
function nestedLock(n: number): LockingCondition {
  let lock: LockingCondition = { kind: 'singleKey', addressHash: fill(20, 0x22) };
  for (let i = 0; i < n; i++) {
    lock = i % 2 === 0 ? { kind: 'timeLock', unlockTimestamp: BigInt(i + 1), base: lock } : { kind: 'heightLock', unlockHeight: BigInt(i + 1), base: lock };
  }
  return lock;
}

const txWithLock = (lock: LockingCondition): Transaction => ({ ...simpleTx, outputs: [{ ...nativeOutput, locks: [lock] }] });

function blockOf(tx: Transaction): Block {
  return {
    header: {
      chainId: 1n, version: 1n, previousHash: fill(32, 1), timestamp: 1n, height: 1n, merkleRoot: fill(32, 2), nonce: new Uint8Array(0), difficulty: 0n,
    },
    transactions: [tx],
  };
}

/** Deepest nesting `accepts` admits, scanning upwards (the first rejection ends the scan). */
function deepestAccepted(accepts: (n: number) => boolean): number {
  let n = 0;
  while (n < 200 && accepts(n + 1)) n++;
  return n;
}

describe('decode bounds: whatever decodes can be encoded in a block', () => {
  it('the budget leaves room for the block wrapping', () => {
    expect(MAX_TX_DEPTH + 2).toBeLessThan(PROTOBUF_MAX_LEVELS);
  });

  it('a transaction with a lock nested 48 deep is rejected at decode with TX_TOO_DEEP', () => {
    const tx = txWithLock(nestedLock(48));
    const bytes = encodeTransaction(tx); // encodable alone: 100 levels...
    expect(() => encodeBlock(blockOf(tx))).toThrow(/max depth/); // ...but never inside a block
    expect(txErrorCode(() => decodeTransaction(bytes))).toBe('TX_TOO_DEEP');
  });

  it('every transaction accepted at decode, up to the deepest, re-encodes inside a block and decodes back', () => {
    const accepts = (n: number): boolean => {
      try {
        decodeTransaction(encodeTransaction(txWithLock(nestedLock(n))));
        return true;
      } catch (e) {
        expect((e as TxError).code).toBe('TX_TOO_DEEP');
        return false;
      }
    };
    const deepest = deepestAccepted(accepts);
    // Honest use (a lock under a few time/height wrappers) fits with room to spare.
    expect(deepest).toBeGreaterThanOrEqual(10);
    for (const n of [0, 1, Math.floor(deepest / 2), deepest]) {
      const tx = decodeTransaction(encodeTransaction(txWithLock(nestedLock(n))));
      const block = encodeBlock(blockOf(tx));
      expect(decodeBlock(block).transactions[0]).toEqual(tx);
    }
  });

  it('a lock from a contract is accepted only if an output and transaction carrying it fit in a block', () => {
    const accepts = (n: number): boolean => {
      try {
        decodeLockingCondition(encodeLockingCondition(nestedLock(n)));
        return true;
      } catch (e) {
        expect((e as TxError).code).toBe('TX_TOO_DEEP');
        return false;
      }
    };
    const deepest = deepestAccepted(accepts);
    expect(deepest).toBeGreaterThanOrEqual(10);
    expect(txErrorCode(() => decodeLockingCondition(encodeLockingCondition(nestedLock(48))))).toBe('TX_TOO_DEEP');
    // The deepest accepted lock, in an output, in a transaction: each decodes and the block encodes.
    const lock = decodeLockingCondition(encodeLockingCondition(nestedLock(deepest)));
    const output = decodeTxOutput(encodeTxOutput({ ...nativeOutput, locks: [lock] }));
    const tx = decodeTransaction(encodeTransaction({ ...simpleTx, outputs: [output] }));
    expect(decodeBlock(encodeBlock(blockOf(tx))).transactions[0]).toEqual(tx);
  });

  it('raw bytes nested 10,000 levels deep are refused as TX_TOO_DEEP by the wire scan, before protobufjs recurses', () => {
    // LockingCondition.time_lock (6) { base_lock (2) { ... } }, written by hand: no encoder would.
    const ld = (field: number, body: Uint8Array): Uint8Array => {
      const head: number[] = [(field << 3) | 2];
      for (let n = body.length; ; n >>>= 7) {
        head.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
        if (n <= 0x7f) break;
      }
      const out = new Uint8Array(head.length + body.length);
      out.set(head);
      out.set(body, head.length);
      return out;
    };
    let lock: Uint8Array = ld(1, ld(2, fill(20, 0x22)));
    for (let i = 0; i < 5_000; i++) lock = ld(6, ld(2, lock));
    expect(lock.length).toBeLessThan(DECODE_BOUNDS.lock.maxBytes);
    expect(txErrorCode(() => decodeLockingCondition(lock))).toBe('TX_TOO_DEEP');
    expect(txErrorCode(() => decodeTxOutput(cat(ld(1, fill(20, 1)), ld(2, lock))))).toBe('TX_TOO_DEEP');
  });
});

describe('decode bounds: sizes', () => {
  it('more elements in one repeated field than the budget is TX_TOO_LARGE', () => {
    const max = DECODE_BOUNDS.transaction.maxRepeated;
    const many: Transaction = { ...simpleTx, outputs: Array.from({ length: max + 1 }, () => nativeOutput) };
    expect(txErrorCode(() => decodeTransaction(encodeTransaction(many)))).toBe('TX_TOO_LARGE');
    const enough: Transaction = { ...simpleTx, outputs: Array.from({ length: max }, () => nativeOutput) };
    expect(decodeTransaction(encodeTransaction(enough)).outputs).toHaveLength(max);
  });

  it('an encoding over the byte budget is TX_TOO_LARGE before anything is parsed', () => {
    const huge = new Uint8Array(DECODE_BOUNDS.transaction.maxBytes + 1);
    expect(txErrorCode(() => decodeTransaction(huge))).toBe('TX_TOO_LARGE');
    const lock = new Uint8Array(DECODE_BOUNDS.lock.maxBytes + 1);
    expect(txErrorCode(() => decodeLockingCondition(lock))).toBe('TX_TOO_LARGE');
  });

  it('truncated or impossible wire data is TX_MALFORMED', () => {
    const bytes = encodeTransaction(simpleTx);
    let malformed = 0;
    for (let cut = 1; cut < bytes.length; cut++) {
      let code = 'decoded'; // a cut on a field boundary is a shorter, valid transaction
      try {
        decodeTransaction(bytes.subarray(0, cut));
      } catch (e) {
        expect(e).toBeInstanceOf(TxError);
        code = (e as TxError).code;
      }
      expect(['decoded', 'TX_MALFORMED', 'TX_NON_CANONICAL', 'TX_MISSING_FIELD', 'TX_BAD_LENGTH', 'TX_BAD_AMOUNT']).toContain(code);
      if (code === 'TX_MALFORMED') malformed++;
    }
    expect(malformed).toBeGreaterThan(bytes.length / 2);
    expect(txErrorCode(() => decodeTransaction(Uint8Array.of(0x0b)))).toBe('TX_MALFORMED'); // group wire type
    expect(txErrorCode(() => decodeTransaction(Uint8Array.of(0x00, 0x00)))).toBe('TX_MALFORMED'); // field 0
  });
});
