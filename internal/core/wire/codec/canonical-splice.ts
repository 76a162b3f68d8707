/**
 * Byte-level work on encodings already known to be canonical (strictly decoded, or produced by
 * our encoder), so the hot path does not rebuild protobuf objects it has the bytes of:
 *
 * - the unsigned encoding of a transaction (its id and signature preimage) is its canonical
 *   bytes with every input's unlocking proof removed. Canonical form writes fields in number
 *   order and the proof (TxInput fields 10–17) comes last, so each input is cut at its proof;
 * - a block's encoding is its header's bytes and its transactions' bytes, framed.
 *
 * Both are exactly what encodeMessage gives for the same value (test/core/wire/canonical-splice.test.ts
 * compares them on every proof kind); they are only ever fed bytes that passed the strict decoder.
 */

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;

/** Transaction.inputs and the first TxInput field that is part of the unlocking proof. */
const TX_INPUTS_FIELD = 2;
const FIRST_PROOF_FIELD = 10;

function readVarint(b: Uint8Array, at: number): [value: number, next: number] {
  let v = 0;
  let shift = 0;
  for (let i = at; i < b.length; i++) {
    const byte = b[i]!;
    v += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [v, i + 1];
    shift += 7;
  }
  throw new RangeError('truncated varint in a canonical encoding');
}

function varintLength(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

function writeVarint(out: Uint8Array, at: number, v: number): number {
  while (v >= 0x80) {
    out[at++] = (v & 0x7f) | 0x80;
    v = Math.floor(v / 128);
  }
  out[at++] = v;
  return at;
}

/** Offset just past the field starting at `at` (whose tag ends at `valueAt`). */
function skipValue(b: Uint8Array, wireType: number, valueAt: number): number {
  switch (wireType) {
    case WIRE_VARINT:
      return readVarint(b, valueAt)[1];
    case WIRE_I64:
      return valueAt + 8;
    case WIRE_I32:
      return valueAt + 4;
    case WIRE_LEN: {
      const [len, start] = readVarint(b, valueAt);
      return start + len;
    }
    default:
      throw new RangeError(`wire type ${wireType} in a canonical encoding`);
  }
}

/** Length of a TxInput's bytes before its unlocking proof. */
function unsignedInputLength(input: Uint8Array): number {
  let at = 0;
  while (at < input.length) {
    const [tag, valueAt] = readVarint(input, at);
    if (tag >>> 3 >= FIRST_PROOF_FIELD) return at;
    at = skipValue(input, tag & 7, valueAt);
  }
  return at;
}

/** encode(withoutProofs(tx)) from the canonical bytes of `tx`. */
export function unsignedFromCanonical(tx: Uint8Array): Uint8Array {
  // Pass 1: the pieces to copy; an input is re-framed with its shorter length.
  const pieces: { from: number; to: number; inputLength?: number }[] = [];
  let size = 0;
  let at = 0;
  while (at < tx.length) {
    const [tag, valueAt] = readVarint(tx, at);
    const end = skipValue(tx, tag & 7, valueAt);
    if (tag >>> 3 === TX_INPUTS_FIELD && (tag & 7) === WIRE_LEN) {
      const [len, start] = readVarint(tx, valueAt);
      const kept = unsignedInputLength(tx.subarray(start, start + len));
      pieces.push({ from: start, to: start + kept, inputLength: kept });
      size += 1 + varintLength(kept) + kept; // tag 0x12 is one byte
    } else {
      pieces.push({ from: at, to: end });
      size += end - at;
    }
    at = end;
  }
  const out = new Uint8Array(size);
  let o = 0;
  for (const p of pieces) {
    if (p.inputLength !== undefined) {
      out[o++] = (TX_INPUTS_FIELD << 3) | WIRE_LEN;
      o = writeVarint(out, o, p.inputLength);
    }
    out.set(tx.subarray(p.from, p.to), o);
    o += p.to - p.from;
  }
  return out;
}

/** Block { header = 1; body = 2 { repeated Transaction transactions = 1 } } from the parts' bytes. */
export function blockFromParts(header: Uint8Array, txs: readonly Uint8Array[]): Uint8Array {
  let bodyLength = 0;
  for (const t of txs) bodyLength += 1 + varintLength(t.length) + t.length;
  const out = new Uint8Array(1 + varintLength(header.length) + header.length + 1 + varintLength(bodyLength) + bodyLength);
  let o = 0;
  out[o++] = (1 << 3) | WIRE_LEN;
  o = writeVarint(out, o, header.length);
  out.set(header, o);
  o += header.length;
  out[o++] = (2 << 3) | WIRE_LEN;
  o = writeVarint(out, o, bodyLength);
  for (const t of txs) {
    out[o++] = (1 << 3) | WIRE_LEN;
    o = writeVarint(out, o, t.length);
    out.set(t, o);
    o += t.length;
  }
  return out;
}
