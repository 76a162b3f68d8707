/**
 * Bounds-checked reader over wasm binary bytes (LEB128 and friends). Every overrun or bad
 * encoding throws ModuleRejectedError(MALFORMED) so untrusted input never crashes the loader.
 */
import { LoadRule, ModuleRejectedError } from '../../../../../pkg/errors.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export class ByteReader {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  get eof(): boolean {
    return this.pos >= this.end;
  }

  fail(what: string): never {
    throw new ModuleRejectedError(LoadRule.Malformed, `malformed module: ${what} at byte ${this.pos}`, { offset: this.pos });
  }

  u8(): number {
    if (this.pos >= this.end) this.fail('unexpected end');
    return this.bytes[this.pos++] as number;
  }

  /** Unsigned LEB128, at most 32 bits. */
  u32(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.u8();
      if (i === 4 && b > 0x0f) this.fail('u32 LEB128 overflows');
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
    return this.fail('u32 LEB128 too long');
  }

  /**
   * An index immediate (LEB128 u32) that must be below `limit`: the rewriter never passes on an
   * index it has not checked, so nothing can address the engine's own locals and globals.
   */
  index(limit: number, what: string): number {
    const at = this.pos;
    const i = this.u32();
    if (i >= limit) {
      throw new ModuleRejectedError(LoadRule.IndexOutOfRange, `${what} index ${i} is out of range (${limit} declared) at byte ${at}`, {
        offset: at,
        kind: what,
        index: i,
        limit,
      });
    }
    return i;
  }

  /** Signed LEB128 of up to `bits` bits; returns the value as a number (exact for s33 block types). */
  s33(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.u8();
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if ((b & 0x80) === 0) {
        if (b & 0x40) result -= 2 ** shift;
        return result;
      }
    }
    return this.fail('s33 LEB128 too long');
  }

  /** Skips a signed/unsigned LEB128 of at most `maxBytes` bytes (i32: 5, i64: 10). */
  skipLeb(maxBytes: number): void {
    for (let i = 0; i < maxBytes; i++) {
      if ((this.u8() & 0x80) === 0) return;
    }
    this.fail('LEB128 too long');
  }

  skip(n: number): void {
    if (n < 0 || this.pos + n > this.end) this.fail('length runs past the end');
    this.pos += n;
  }

  bytesView(n: number): Uint8Array {
    const start = this.pos;
    this.skip(n);
    return this.bytes.subarray(start, start + n);
  }

  name(): string {
    const n = this.u32();
    const view = this.bytesView(n);
    try {
      return UTF8.decode(view);
    } catch {
      return this.fail('name is not valid UTF-8');
    }
  }
}

/** Appends LEB128 and raw bytes into a growable buffer. */
export class ByteWriter {
  private buf: Uint8Array;
  length = 0;
  constructor(initial = 1024) {
    this.buf = new Uint8Array(initial);
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  u8(b: number): this {
    this.ensure(1);
    this.buf[this.length++] = b;
    return this;
  }

  u32(v: number): this {
    this.ensure(5);
    do {
      let b = v & 0x7f;
      v = Math.floor(v / 128);
      if (v !== 0) b |= 0x80;
      this.buf[this.length++] = b;
    } while (v !== 0);
    return this;
  }

  /** Signed LEB128 of a bigint (i64.const immediates). */
  s64(v: bigint): this {
    this.ensure(10);
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
      this.buf[this.length++] = done ? b : b | 0x80;
      if (done) return this;
    }
  }

  /** Signed LEB128 of a safe integer (no BigInt on the hot path). */
  s32(v: number): this {
    this.ensure(10);
    for (;;) {
      const b = v & 0x7f;
      v = Math.floor(v / 128);
      const done = (v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0);
      this.buf[this.length++] = done ? b : b | 0x80;
      if (done) return this;
    }
  }

  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }

  name(s: string): this {
    const b = new TextEncoder().encode(s);
    return this.u32(b.length).bytes(b);
  }

  /** Writes `body` as a length-prefixed section payload with id. */
  section(id: number, body: Uint8Array): this {
    return this.u8(id).u32(body.length).bytes(body);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
