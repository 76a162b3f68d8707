/**
 * What travels through CometBFT as one transaction: the signed WES transaction plus the code of
 * any contract it deploys (the devnet API takes the same pair). Protobuf-shaped:
 *
 *   message TxEnvelope { bytes tx = 1; repeated bytes attachments = 2; }
 *
 * Decoding is strict so one transaction has one envelope: fields in order, each exactly once
 * where required, nothing unknown, the tx itself canonical (decodeTransaction), every
 * attachment listed in the transaction's resource_attachment_hashes and none twice — so no
 * one can make validators store bytes the transaction does not reference.
 */
import { sha256 } from '../../../pkg/hashes.js';
import protobuf from 'protobufjs';
import { bytesEqual, toHex } from '../../../pkg/encoding.js';
import { TxError } from '../../../pkg/errors.js';
import type { Transaction } from '../../../pkg/model.js';
import { decodeTransaction, encodeTransaction } from '../../core/wire/codec.js';

export interface TxEnvelope {
  readonly tx: Transaction;
  /** Contract code by hex SHA-256, as the verifier takes it. */
  readonly attachments: ReadonlyMap<string, Uint8Array>;
}

const WIRE_BYTES = 2;

export function encodeEnvelope(tx: Transaction, attachments: ReadonlyMap<string, Uint8Array> = new Map()): Uint8Array {
  const w = protobuf.Writer.create();
  w.uint32((1 << 3) | WIRE_BYTES).bytes(encodeTransaction(tx));
  // Map order is insertion order; sort by hash so the same pair always encodes alike.
  for (const [, code] of [...attachments].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) w.uint32((2 << 3) | WIRE_BYTES).bytes(code);
  const out = w.finish();
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

const bad = (message: string): never => {
  throw new TxError('BAD_ENVELOPE', message);
};

export function decodeEnvelope(bytes: Uint8Array): TxEnvelope {
  const r = protobuf.Reader.create(bytes);
  let txBytes: Uint8Array | undefined;
  const codes: Uint8Array[] = [];
  try {
    while (r.pos < r.len) {
      const tag = r.uint32();
      if (tag === ((1 << 3) | WIRE_BYTES) && txBytes === undefined && codes.length === 0) txBytes = r.bytes();
      else if (tag === ((2 << 3) | WIRE_BYTES) && txBytes !== undefined) codes.push(r.bytes());
      else bad(`unexpected field (tag ${tag}): an envelope is one tx (field 1) then attachments (field 2)`);
    }
  } catch (e) {
    if (e instanceof TxError) throw e;
    bad(`not a transaction envelope: ${(e as Error).message}`);
  }
  if (txBytes === undefined) return bad('the envelope carries no transaction');
  const tx = decodeTransaction(txBytes);
  const listed = tx.resourceAttachmentHashes ?? [];
  const attachments = new Map<string, Uint8Array>();
  for (const code of codes) {
    const hash = sha256(code);
    const key = toHex(hash);
    if (attachments.has(key)) bad('an attachment appears twice');
    if (!listed.some((h) => bytesEqual(h, hash))) bad(`attachment ${key} is not listed in the transaction's resource_attachment_hashes`);
    attachments.set(key, code);
  }
  if (!bytesEqual(encodeEnvelope(tx, attachments), bytes)) bad('the envelope is not in canonical form (attachments sorted by hash)');
  return { tx, attachments };
}
