/**
 * The one place chain values (pkg/model.ts) become protobuf bytes and back.
 *
 * Encoding is deterministic: fields in field-number order, proto3 defaults omitted, map-like
 * entries sorted by key, and nothing else is written. Decoding is strict: the bytes must be
 * exactly what encoding the decoded value gives back, so one value has one encoding and a
 * transaction id cannot be changed by re-encoding (unknown fields, duplicate or out-of-order
 * fields, unsupported variants and non-minimal varints are all rejected with TX_NON_CANONICAL).
 * Decoding is bounded: every input is checked against its budget in ./codec/decode-bounds.ts
 * (nesting depth, size, repeated and field counts: TX_TOO_DEEP / TX_TOO_LARGE) before protobufjs
 * reads it, so whatever decodes can still be encoded inside a block.
 */
import type protobuf from 'protobufjs';
import { TxError } from '../../../pkg/errors.js';
import { bytesEqual } from '../../../pkg/encoding.js';
import type { Block, BlockHeader, LockingCondition, Receipt, ResourceContent, Transaction, TxOutput, UnlockingProof } from '../../../pkg/model.js';
import { PB, decodeMessage, encodeMessage } from './proto/root.js';
import { checkWireBounds } from './proto/wire-bounds.js';
import type { WBaseProof, WBlock, WBlockHeader, WLock, WReceipt, WResource, WTransaction, WTxOutput } from './codec/wire-types.js';
import { lockToWire, strictLockFromWire } from './codec/locks.js';
import { transactionFromWire, transactionToWire } from './codec/transaction.js';
import { outputFromWire, outputToWire, resourceFromWire, resourceToWire } from './codec/outputs.js';
import { baseProofFromWire, baseProofToWire } from './codec/proofs.js';
import { DECODE_BOUNDS } from './codec/decode-bounds.js';
import { blockFromWire, blockToWire, headerFromWire, headerToWire, receiptFromWire, receiptToWire } from './codec/records.js';
import { blockFromParts, unsignedFromCanonical } from './codec/canonical-splice.js';

function strict<T>(bytes: Uint8Array, what: string, value: T, encode: (v: T) => Uint8Array): T {
  if (!bytesEqual(encode(value), bytes)) {
    throw new TxError('NON_CANONICAL', `${what} is not in canonical form (unknown or unsupported fields, or non-deterministic encoding)`);
  }
  return value;
}

/**
 * Transaction objects decodeTransaction returned, each with its canonical bytes (a private copy:
 * the input may be a window into a request body). Transactions are immutable values, so those
 * bytes ARE the object's encoding for as long as it lives; block building, the signed size and
 * the unsigned encoding reuse them instead of encoding again.
 */
const decodedTxs = new WeakMap<Transaction, Uint8Array>();

/** The canonical encoding (do not modify the result: a decoded transaction's is shared). */
export function encodeTransaction(tx: Transaction): Uint8Array {
  return decodedTxs.get(tx) ?? encodeMessage(PB.Transaction, transactionToWire(tx));
}

export function decodeTransaction(bytes: Uint8Array): Transaction {
  const tx = transactionFromWire(decodeMessage<WTransaction>(PB.Transaction, bytes, 'transaction', DECODE_BOUNDS.transaction));
  decodedTxs.set(strict(bytes, 'transaction', tx, encodeTransaction), new Uint8Array(bytes));
  return tx;
}

/**
 * True for an object decodeTransaction returned: it encodes, decodes and round-trips exactly (at
 * its own nesting depth), so only a deeper position (inside a block) can still fail.
 */
export function isDecodedTransaction(tx: Transaction): boolean {
  return decodedTxs.has(tx);
}

/** encodeTransaction(tx).length for an object decodeTransaction returned, without encoding; else undefined. */
export function decodedSize(tx: Transaction): number | undefined {
  return decodedTxs.get(tx)?.length;
}

/**
 * The encoding of `tx` with every unlocking proof cleared (what its id and signatures commit to),
 * cut from the canonical bytes of a decoded transaction; undefined for any other object.
 */
export function decodedUnsignedBytes(tx: Transaction): Uint8Array | undefined {
  const bytes = decodedTxs.get(tx);
  return bytes === undefined ? undefined : unsignedFromCanonical(bytes);
}

/**
 * Encodings of output and receipt objects already encoded. Both are immutable model values, and a
 * call's outputs and receipt are encoded several times on their way (fee sizing, the storability
 * check, the state root, the block's batch). Do not modify what these return.
 */
const encodedOutputs = new WeakMap<TxOutput, Uint8Array>();
const encodedReceipts = new WeakMap<Receipt, Uint8Array>();

export function encodeTxOutput(output: TxOutput): Uint8Array {
  let bytes = encodedOutputs.get(output);
  if (bytes === undefined) {
    bytes = encodeMessage(PB.TxOutput, outputToWire(output));
    encodedOutputs.set(output, bytes);
  }
  return bytes;
}

/**
 * proto3 JSON mapping (protobufjs: lowerCamelCase names, 64-bit integers as strings, bytes as
 * base64, enum names) of a protobuf message's bytes. One mapping for every JSON host function.
 */
export function protoJson(type: 'TxOutput' | 'Resource', bytes: Uint8Array): string {
  const t = PB[type];
  checkWireBounds(t, bytes, type === 'TxOutput' ? DECODE_BOUNDS.output : DECODE_BOUNDS.resource, type);
  let message: protobuf.Message;
  try {
    message = t.decode(bytes);
  } catch (e) {
    throw new TxError('MALFORMED', `${type} is not a valid protobuf: ${(e as Error).message}`);
  }
  return JSON.stringify(t.toObject(message, { longs: String, enums: String, bytes: String, json: true }));
}

/** proto3 JSON of a TxOutput: what utxo_lookup_json returns, the same value as utxo_lookup's bytes. */
export function txOutputJson(output: TxOutput): string {
  return protoJson('TxOutput', encodeTxOutput(output));
}

export function decodeTxOutput(bytes: Uint8Array): TxOutput {
  const output = outputFromWire(decodeMessage<WTxOutput>(PB.TxOutput, bytes, 'output', DECODE_BOUNDS.output));
  return strict(bytes, 'output', output, encodeTxOutput);
}

/** One LockingCondition (the form append_asset_output / append_resource_output take from contracts). */
export function encodeLockingCondition(lock: LockingCondition): Uint8Array {
  return encodeMessage(PB.LockingCondition, lockToWire(lock));
}

/**
 * Lenient about form (contracts built with WES SDKs omit defaulted fields such as the signature
 * algorithm, and a lock is re-encoded canonically when its output is), strict about meaning: a
 * field the verifier does not enforce is refused (TX_LOCK_FIELD_UNENFORCED), never dropped.
 */
export function decodeLockingCondition(bytes: Uint8Array): LockingCondition {
  return strictLockFromWire(decodeMessage<WLock>(PB.LockingCondition, bytes, 'locking condition', DECODE_BOUNDS.lock));
}

/**
 * The standalone UnlockingProof wrapper (single-key, multi-key, execution, delegation, threshold):
 * the form proof bytes take outside a TxInput, e.g. in a contract's draft.
 */
export function encodeUnlockingProof(proof: UnlockingProof): Uint8Array {
  if (proof.kind === 'time' || proof.kind === 'height') {
    throw new TxError('UNSUPPORTED', `a ${proof.kind} proof exists only inside a transaction input, not as an UnlockingProof`);
  }
  return encodeMessage(PB.UnlockingProof, baseProofToWire(proof));
}

export function decodeUnlockingProof(bytes: Uint8Array): UnlockingProof {
  const proof = baseProofFromWire(decodeMessage<WBaseProof>(PB.UnlockingProof, bytes, 'unlocking proof', DECODE_BOUNDS.proof));
  if (!proof) throw new TxError('MISSING_FIELD', 'UnlockingProof.proof is required', { field: 'UnlockingProof.proof' });
  return strict<UnlockingProof>(bytes, 'unlocking proof', proof, encodeUnlockingProof);
}

/** The Resource message alone (ResourceRecord.encoded); creationTimestamp belongs to the output, not here. */
export function encodeResource(resource: ResourceContent): Uint8Array {
  return encodeMessage(PB.Resource, resourceToWire(resource));
}

export function decodeResource(bytes: Uint8Array): ResourceContent {
  const resource = resourceFromWire(decodeMessage<WResource>(PB.Resource, bytes, 'resource', DECODE_BOUNDS.resource));
  return strict<ResourceContent>(bytes, 'resource', resource, encodeResource);
}

export function encodeReceipt(receipt: Receipt): Uint8Array {
  let bytes = encodedReceipts.get(receipt);
  if (bytes === undefined) {
    bytes = encodeMessage(PB.Receipt, receiptToWire(receipt));
    encodedReceipts.set(receipt, bytes);
  }
  return bytes;
}

export function decodeReceipt(bytes: Uint8Array): Receipt {
  const receipt = receiptFromWire(decodeMessage<WReceipt>(PB.Receipt, bytes, 'receipt', DECODE_BOUNDS.receipt));
  return strict(bytes, 'receipt', receipt, encodeReceipt);
}

export function encodeBlockHeader(header: BlockHeader): Uint8Array {
  return encodeMessage(PB.BlockHeader, headerToWire(header));
}

export function decodeBlockHeader(bytes: Uint8Array): BlockHeader {
  const header = headerFromWire(decodeMessage<WBlockHeader>(PB.BlockHeader, bytes, 'block header', DECODE_BOUNDS.header));
  return strict(bytes, 'block header', header, encodeBlockHeader);
}

/** protobufjs's generated encoder takes the nesting depth it starts at (its recursion limit counts from it). */
interface DepthEncoder {
  encode(message: object, writer: undefined, depth: number): { finish(): Uint8Array };
}

/** Block → BlockBody → Transaction. */
const TX_DEPTH_IN_BLOCK = 2;

/**
 * A transaction's bytes inside a block: a decoded one's own bytes (its decode budget makes it
 * fit, storable.ts), any other encoded at its depth in the block, so protobufjs refuses one
 * nested too deep exactly as it would encoding the block in one piece.
 */
function transactionInBlock(tx: Transaction): Uint8Array {
  const bytes = decodedTxs.get(tx);
  if (bytes !== undefined) return bytes;
  const out = (PB.Transaction as unknown as DepthEncoder).encode(transactionToWire(tx), undefined, TX_DEPTH_IN_BLOCK).finish();
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** The block's encoding, framed from its header's and transactions' encodings (a decoded transaction's bytes are reused). */
export function encodeBlock(block: Block): Uint8Array {
  return blockFromParts(encodeBlockHeader(block.header), block.transactions.map(transactionInBlock));
}

/** The same bytes through the schema in one piece: the reference encodeBlock is tested against. */
export function encodeBlockBySchema(block: Block): Uint8Array {
  return encodeMessage(PB.Block, blockToWire(block));
}

export function decodeBlock(bytes: Uint8Array): Block {
  const block = blockFromWire(decodeMessage<WBlock>(PB.Block, bytes, 'block', DECODE_BOUNDS.block));
  return strict(bytes, 'block', block, encodeBlock);
}
