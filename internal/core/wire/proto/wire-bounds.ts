/**
 * Bounds on untrusted protobuf bytes, checked on the raw wire BEFORE protobufjs builds anything:
 * message nesting depth, total size, elements of one repeated field, fields overall. One linear
 * pass, no allocation per field.
 *
 * Why depth matters: a value is stored inside other messages later (a lock inside an output
 * inside a transaction inside a block), and protobufjs refuses to encode more than 101 nested
 * levels. A lock nested 48 deep decodes fine on its own but can never be written in a block, so
 * one free transaction would halt the chain. Each top-level type therefore gets a depth budget
 * that leaves room for every message that will wrap it (see ./decode-bounds.ts).
 */
import protobuf from 'protobufjs';
import { TxError } from '../../../../pkg/errors.js';

export interface WireBounds {
  /** Largest encoding accepted, bytes. */
  readonly maxBytes: number;
  /** Most nested message levels, the top-level message counting as 1. */
  readonly maxDepth: number;
  /** Most elements of one repeated field in one message. */
  readonly maxRepeated: number;
  /** Most fields (every element of every message) in the whole encoding. */
  readonly maxFields: number;
}

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

class WireScan {
  private pos = 0;
  private fields = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly bounds: WireBounds,
    private readonly what: string,
  ) {}

  private malformed(why: string): TxError {
    return new TxError('MALFORMED', `${this.what} is not a valid protobuf: ${why} at byte ${this.pos}`, { offset: this.pos });
  }

  /** A varint of at most 10 bytes; returned as a number, exact up to 2^53 (enough for tags and lengths). */
  private varint(end: number): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) throw this.malformed('truncated varint');
      const b = this.bytes[this.pos++]!;
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return value;
      scale *= 128;
    }
    throw this.malformed('varint longer than 10 bytes');
  }

  private skip(n: number, end: number): void {
    if (n > end - this.pos) throw this.malformed('length past the end of the enclosing message');
    this.pos += n;
  }

  /** Scans one message body in [pos, end) of `type` at nesting level `depth` (1 = top level). */
  message(type: protobuf.Type, end: number, depth: number): void {
    if (depth > this.bounds.maxDepth) {
      throw new TxError('TOO_DEEP', `${this.what} nests messages more than ${this.bounds.maxDepth} levels deep`, {
        limit: this.bounds.maxDepth,
      });
    }
    let counts: Map<number, number> | undefined;
    while (this.pos < end) {
      const tag = this.varint(end);
      const id = Math.floor(tag / 8);
      const wire = tag % 8;
      if (id === 0) throw this.malformed('field number 0');
      if (++this.fields > this.bounds.maxFields) {
        throw new TxError('TOO_LARGE', `${this.what} has more than ${this.bounds.maxFields} fields`, { limit: this.bounds.maxFields });
      }
      const field: protobuf.Field | undefined = type.fieldsById[id];
      if (field?.repeated) {
        counts ??= new Map();
        const n = (counts.get(id) ?? 0) + 1;
        if (n > this.bounds.maxRepeated) {
          throw new TxError('TOO_LARGE', `${this.what}: ${type.name}.${field.name} has more than ${this.bounds.maxRepeated} elements`, {
            field: `${type.name}.${field.name}`,
            limit: this.bounds.maxRepeated,
          });
        }
        counts.set(id, n);
      }
      this.value(field, wire, end, depth);
    }
  }

  private value(field: protobuf.Field | undefined, wire: number, end: number, depth: number): void {
    switch (wire) {
      case WIRE_VARINT:
        this.varint(end);
        return;
      case WIRE_FIXED64:
        this.skip(8, end);
        return;
      case WIRE_FIXED32:
        this.skip(4, end);
        return;
      case WIRE_LEN: {
        const length = this.varint(end);
        if (length > end - this.pos) throw this.malformed('length past the end of the enclosing message');
        const sub = field?.resolvedType;
        if (sub instanceof protobuf.Type) this.message(sub, this.pos + length, depth + 1);
        else this.pos += length;
        return;
      }
      default:
        // Groups (3, 4) do not exist in proto3; 6 and 7 are not wire types at all.
        throw this.malformed(`unsupported wire type ${wire}`);
    }
  }
}

/** Throws TX_TOO_LARGE, TX_TOO_DEEP or TX_MALFORMED; returns normally when `bytes` is within bounds. */
export function checkWireBounds(type: protobuf.Type, bytes: Uint8Array, bounds: WireBounds, what: string): void {
  if (bytes.length > bounds.maxBytes) {
    throw new TxError('TOO_LARGE', `${what} is ${bytes.length} bytes; the limit is ${bounds.maxBytes}`, {
      size: bytes.length,
      limit: bounds.maxBytes,
    });
  }
  new WireScan(bytes, bounds, what).message(type, bytes.length, 1);
}
