/**
 * The last check before a verified transaction joins a block: every record the commit will
 * write for it must encode, and what is read back later must decode — the transaction inside a
 * Block (two nesting levels deeper than on its own), its receipt, and each UTXO record (a
 * call's outputs live in its receipt, whose budget is larger than an output record's, so they
 * are read back as output records too). A value the codec accepted on its own can still fail
 * here (protobufjs refuses more than 100 nested levels and throws an untyped Error); such a
 * transaction would otherwise throw inside the block commit, stay in the mempool and stop the
 * chain — or be written and then refused when the store is opened.
 *
 * A transaction decoded from its canonical bytes fits in a block by its decode budgets
 * (DECODED_TX_FITS_IN_BLOCK), so for it only what execution decided is checked (receipt and
 * call outputs). Anything else takes the whole check: the store's own batch builder on a
 * one-transaction probe block, read back. A transaction is checked twice (admission, then
 * inclusion); when everything the store writes for it is decided by the transaction object
 * alone — no receipt, state writes or deployments, every created UTXO one of its own outputs —
 * the verdict is a function of that object, so a pass is remembered for it (a WeakSet: the same
 * object, never an equal one). Heights and indexes differ between the two checks, but they are
 * integers the codec always takes.
 */
import { TxError, isWesError } from '../../../pkg/errors.js';
import type { BlockHeader, Transaction } from '../../../pkg/model.js';
import { decodeBlock, decodeReceipt, decodeTxOutput, encodeReceipt, encodeTxOutput, isDecodedTransaction } from '../wire/codec.js';
import { transactionToWire } from '../wire/codec/transaction.js';
import { PB } from '../wire/proto/root.js';
import { checkWireBounds } from '../wire/proto/wire-bounds.js';
import { DECODE_BOUNDS, MAX_TX_DEPTH, PROTOBUF_MAX_LEVELS } from '../wire/codec/decode-bounds.js';
import type { VerifiedTx } from '../tx/verifier.js';
import { ZERO_ADDRESS, ZERO_HASH } from './block-hash.js';
import { batchFor } from './chain-store.js';
import { resourcesOf } from './pending-block.js';
import { KEY } from './store-records.js';

/** A header of the real shape: only the nesting and the codec path matter here. */
const PROBE_HEADER: BlockHeader = {
  chainId: 0n, version: 1n, previousHash: ZERO_HASH, timestamp: 0n, height: 0n,
  merkleRoot: ZERO_HASH, stateRoot: ZERO_HASH, nonce: new Uint8Array(0), difficulty: 0n,
};

/** Transaction objects that passed with effects decided by the object alone (see above). */
const passedAlone = new WeakSet<Transaction>();

/** True when every record the store writes for `v` is a function of `v.tx` (and integers). */
export function decidedByTx(v: VerifiedTx): boolean {
  return v.receipt === undefined && v.stateWrites.length === 0 && v.deployments.length === 0
    && v.created.every((c) => c.output === v.tx.outputs[c.outPoint.index]);
}

/**
 * Where the check runs. At admission the effects are a forecast (the block computes them again at
 * the transaction's real position and checks them fully, reading each record back), so a call's
 * receipt and outputs are only encoded and held to their decode bounds there.
 */
export type StorableStage = 'admission' | 'block';

/** Throws TX_NOT_STORABLE (with the codec's own message) unless the store can write `v` and read it back. */
export function checkStorable(v: VerifiedTx, stage: StorableStage = 'block'): void {
  const alone = decidedByTx(v);
  if (alone && passedAlone.has(v.tx)) return;
  // Resource records are written in their own message: those take the whole check.
  if (isDecodedTransaction(v.tx) && v.tx.outputs.every((o) => o.content.type !== 'resource')) {
    if (!DECODED_TX_FITS_IN_BLOCK) depthCheck(v.tx);
    // The transaction's own records fit (above); what execution decided is checked on its own.
    if (!alone) checkEffectsStorable(v, stage);
  } else checkStorableFully(v);
  if (alone) passedAlone.add(v.tx);
}

/**
 * The records of `v` that the transaction's bytes do not decide — a call's receipt and the
 * outputs it created (stored as UTXO records, read back on open) — written and read back; state
 * values, events and code are raw bytes under their keys and always store. For a decoded
 * transaction this replaces the probe block: encoding and decoding the transaction again inside
 * one cost twice as much as everything else the commit writes for a token transfer.
 */
function checkEffectsStorable(v: VerifiedTx, stage: StorableStage): void {
  refuseOnFailure(() => {
    if (v.receipt !== undefined) {
      const bytes = encodeReceipt(v.receipt);
      if (stage === 'block') decodeReceipt(bytes);
      else checkWireBounds(PB.Receipt, bytes, DECODE_BOUNDS.receipt, 'receipt');
    }
    for (const u of v.created) {
      if (u.output === v.tx.outputs[u.outPoint.index]) continue;
      const bytes = encodeTxOutput(u.output);
      if (stage === 'block') decodeTxOutput(bytes);
      else checkWireBounds(PB.TxOutput, bytes, DECODE_BOUNDS.output, 'output');
    }
  });
}

/** How deep a transaction sits in a block's encoding: Block → BlockBody → Transaction. */
export const TX_DEPTH_IN_BLOCK = 2;

/**
 * True when the decode budgets make every decoded transaction fit in a block by construction
 * (wire/codec/decode-bounds.ts): its depth plus the block's wrapping within the block budget and
 * protobufjs's limit, and its size, counts and fields within the block's. Then a decoded
 * transfer needs no probe at all; if the budgets ever change so that this fails, the depth
 * probe runs instead.
 */
export const DECODED_TX_FITS_IN_BLOCK = ((): boolean => {
  const t = DECODE_BOUNDS.transaction;
  const b = DECODE_BOUNDS.block;
  return MAX_TX_DEPTH === t.maxDepth && t.maxDepth + TX_DEPTH_IN_BLOCK <= b.maxDepth && b.maxDepth <= PROTOBUF_MAX_LEVELS
    // A one-transaction probe block: a header (a few hundred bytes, a dozen fields) besides the transaction.
    && t.maxBytes + 4096 <= b.maxBytes && t.maxRepeated <= b.maxRepeated && t.maxFields + 1024 <= b.maxFields;
})();

/** protobufjs's generated coders take the nesting depth they start at (their recursion limit counts from it). */
interface DepthCoder {
  encode(message: object, writer: undefined, depth: number): { finish(): Uint8Array };
  decode(bytes: Uint8Array, length: undefined, end: undefined, depth: number): unknown;
}

/**
 * For a transaction that already round-trips on its own (decoded from its canonical bytes) and
 * whose records are all its own: what the block adds is nesting alone, so encoding and decoding it
 * at its depth inside a block is the whole check (the UTXO records sit shallower than that).
 */
function depthCheck(tx: Transaction): void {
  refuseOnFailure(() => {
    const coder = PB.Transaction as unknown as DepthCoder;
    coder.decode(coder.encode(transactionToWire(tx), undefined, TX_DEPTH_IN_BLOCK).finish(), undefined, undefined, TX_DEPTH_IN_BLOCK);
  });
}

function refuseOnFailure(check: () => void): void {
  try {
    check();
  } catch (e) {
    const why = isWesError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
    throw new TxError('NOT_STORABLE', `the transaction cannot be stored in a block (${why}); it is refused`, { cause: why });
  }
}

/** The whole check: every record the commit writes for `v`, in a probe block, encoded and read back. */
export function checkStorableFully(v: VerifiedTx): void {
  refuseOnFailure(() => {
    const ops = batchFor({
      block: { header: PROBE_HEADER, transactions: [v.tx] },
      info: { height: 0n, hash: ZERO_HASH, merkleRoot: ZERO_HASH, stateRoot: ZERO_HASH, timestamp: 0n, miner: ZERO_ADDRESS },
      effects: {
        spent: v.spent, created: v.created, state: v.stateWrites, stateLog: v.stateWrites, deployments: v.deployments,
        resources: resourcesOf(v), receipts: v.receipt === undefined ? [] : [{ txIndex: 0, receipt: v.receipt }], txs: [v],
      },
    });
    const block = ops.find((o) => o.key === KEY.block(0n));
    if (block?.type === 'put') decodeBlock(block.value);
    if (v.receipt !== undefined) {
      const receipt = ops.find((o) => o.key === KEY.receipt(v.receipt!.txId));
      if (receipt?.type === 'put') decodeReceipt(receipt.value);
    }
    // A call's outputs are in its receipt, whose budget is larger than an output record's.
    for (const u of v.created) {
      if (u.output !== v.tx.outputs[u.outPoint.index]) decodeTxOutput(encodeTxOutput(u.output));
    }
  });
}
