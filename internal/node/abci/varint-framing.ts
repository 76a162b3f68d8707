/**
 * CometBFT's socket framing: each protobuf message is preceded by its length as an unsigned
 * LEB128 varint (Go's binary.PutUvarint, libs/protoio). FrameReader turns a byte stream that
 * arrives in arbitrary chunks into whole messages; a length over the cap or a varint longer
 * than 10 bytes is a protocol error, never an allocation.
 */
import { ChainError } from '../../../pkg/errors.js';

/** Larger than any block CometBFT sends with our limits (max block 21 MiB by default). */
export const MAX_FRAME_BYTES = 32 * 1024 * 1024;

export function encodeFrame(message: Uint8Array): Uint8Array {
  const prefix: number[] = [];
  let n = message.length;
  while (n >= 0x80) {
    prefix.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  prefix.push(n);
  const out = new Uint8Array(prefix.length + message.length);
  out.set(prefix, 0);
  out.set(message, prefix.length);
  return out;
}

export class FrameReader {
  private buffer: Uint8Array = new Uint8Array(0);

  constructor(private readonly maxFrame: number = MAX_FRAME_BYTES) {}

  /** Appends `chunk` and returns every message completed by it, in order. */
  push(chunk: Uint8Array): Uint8Array[] {
    if (this.buffer.length === 0) this.buffer = chunk;
    else {
      const joined = new Uint8Array(this.buffer.length + chunk.length);
      joined.set(this.buffer, 0);
      joined.set(chunk, this.buffer.length);
      this.buffer = joined;
    }
    const out: Uint8Array[] = [];
    let pos = 0;
    for (;;) {
      const header = this.readLength(pos);
      if (header === undefined) break;
      const [length, start] = header;
      if (this.buffer.length - start < length) break;
      out.push(this.buffer.slice(start, start + length));
      pos = start + length;
    }
    this.buffer = pos === 0 ? this.buffer : this.buffer.slice(pos);
    return out;
  }

  /** Bytes received that do not yet form a whole message. */
  get pending(): number {
    return this.buffer.length;
  }

  private readLength(pos: number): [number, number] | undefined {
    let value = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (pos + i >= this.buffer.length) return undefined;
      const b = this.buffer[pos + i]!;
      value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) {
        if (value > this.maxFrame) throw new ChainError('ABCI_FRAME_TOO_LARGE', `an ABCI message of ${value} bytes exceeds the ${this.maxFrame}-byte cap`);
        return [value, pos + i + 1];
      }
      shift += 7;
      if (value > this.maxFrame) throw new ChainError('ABCI_FRAME_TOO_LARGE', `an ABCI message length exceeds the ${this.maxFrame}-byte cap`);
    }
    throw new ChainError('ABCI_BAD_FRAME', 'an ABCI length prefix is longer than 10 bytes');
  }
}
