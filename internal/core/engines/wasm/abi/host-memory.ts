/**
 * Bounds-checked, copying access to a contract's linear memory for host functions. Every
 * pointer/length pair is checked against the current memory size before any access; a bad
 * one ends the call with a MEMORY_ACCESS trap, never a host exception. Reads copy, so nothing
 * the host keeps can change when the guest later writes the same addresses.
 */
import { HostTrap } from '../../../../../pkg/errors.js';

export class HostMemory {
  constructor(private readonly memory: WebAssembly.Memory) {}

  /** Current memory bytes (re-read each time: growth replaces the buffer). */
  private view(): Uint8Array {
    return new Uint8Array(this.memory.buffer);
  }

  get size(): number {
    return this.memory.buffer.byteLength;
  }

  check(ptr: number, len: number, what: string): void {
    const p = ptr >>> 0;
    const l = len >>> 0;
    const size = this.memory.buffer.byteLength;
    if (p + l > size) this.outOfBounds(p, l, size, what);
  }

  /** Copies `len` bytes out of guest memory; `max` bounds the length a contract may pass. */
  private outOfBounds(p: number, l: number, size: number, what: string): never {
    throw new HostTrap('MEMORY_ACCESS', `${what}: range [${p}, ${p + l}) is outside contract memory (${size} bytes)`, 0n, { ptr: p, len: l });
  }

  read(ptr: number, len: number, max: number, what: string): Uint8Array {
    const l = len >>> 0;
    if (l > max) throw new HostTrap('MEMORY_ACCESS', `${what}: length ${l} exceeds the limit ${max}`, 0n, { len: l, max });
    const p = ptr >>> 0;
    const buf = this.memory.buffer; // one buffer read per access: it is a native getter
    if (p + l > buf.byteLength) this.outOfBounds(p, l, buf.byteLength, what);
    return new Uint8Array(buf, p, l).slice();
  }

  write(ptr: number, bytes: Uint8Array, what: string): void {
    const p = ptr >>> 0;
    const buf = this.memory.buffer;
    if (p + bytes.length > buf.byteLength) this.outOfBounds(p, bytes.length, buf.byteLength, what);
    new Uint8Array(buf, p, bytes.length).set(bytes);
  }

  readU32(ptr: number, what: string): number {
    this.check(ptr, 4, what);
    return new DataView(this.memory.buffer).getUint32(ptr >>> 0, true);
  }

  writeU32(ptr: number, value: number, what: string): void {
    this.check(ptr, 4, what);
    new DataView(this.memory.buffer).setUint32(ptr >>> 0, value >>> 0, true);
  }

  writeU64(ptr: number, value: bigint, what: string, littleEndian = true): void {
    this.check(ptr, 8, what);
    new DataView(this.memory.buffer).setBigUint64(ptr >>> 0, BigInt.asUintN(64, value), littleEndian);
  }

  /** Reads a NUL-free UTF-16LE AssemblyScript string object (length is stored at ptr - 4). */
  readAsString(ptr: number, maxBytes: number): string {
    if (ptr === 0) return '';
    const p = ptr >>> 0;
    if (p < 4) return '';
    const byteLen = this.readU32(p - 4, 'abort message');
    const bytes = this.read(p, Math.min(byteLen, maxBytes) & ~1, maxBytes, 'abort message');
    return new TextDecoder('utf-16le').decode(bytes);
  }
}
