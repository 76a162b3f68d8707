/**
 * Bounds-checked, copying access to a contract's linear memory for host functions. Every
 * pointer/length pair is checked against the current memory size before any access; a bad
 * one ends the call with a MEMORY_ACCESS trap, never a host exception. Reads copy, so nothing
 * the host keeps can change when the guest later writes the same addresses.
 */
import { HostTrap } from '../../../../../pkg/errors.js';

export class HostMemory {
  /**
   * Cached view of memory. memory.grow detaches the old buffer (its views drop to length 0),
   * so a zero-length view means "re-read": the native `buffer` getter is then paid once per
   * growth, not on every host call.
   */
  private cached: Uint8Array;

  constructor(private readonly memory: WebAssembly.Memory) {
    this.cached = new Uint8Array(memory.buffer);
  }

  /** Current memory bytes. */
  private view(): Uint8Array {
    let u = this.cached;
    if (u.byteLength === 0) u = this.cached = new Uint8Array(this.memory.buffer);
    return u;
  }

  get size(): number {
    return this.view().byteLength;
  }

  check(ptr: number, len: number, what: string): void {
    const p = ptr >>> 0;
    const l = len >>> 0;
    const size = this.view().byteLength;
    if (p + l > size) this.outOfBounds(p, l, size, what);
  }

  private outOfBounds(p: number, l: number, size: number, what: string): never {
    throw new HostTrap('MEMORY_ACCESS', `${what}: range [${p}, ${p + l}) is outside contract memory (${size} bytes)`, 0n, { ptr: p, len: l });
  }

  /** Copies `len` bytes out of guest memory; `max` bounds the length a contract may pass. */
  read(ptr: number, len: number, max: number, what: string): Uint8Array {
    const l = len >>> 0;
    if (l > max) throw new HostTrap('MEMORY_ACCESS', `${what}: length ${l} exceeds the limit ${max}`, 0n, { len: l, max });
    const p = ptr >>> 0;
    const u = this.view();
    if (p + l > u.byteLength) this.outOfBounds(p, l, u.byteLength, what);
    return u.slice(p, p + l);
  }

  write(ptr: number, bytes: Uint8Array, what: string): void {
    const p = ptr >>> 0;
    const u = this.view();
    if (p + bytes.length > u.byteLength) this.outOfBounds(p, bytes.length, u.byteLength, what);
    u.set(bytes, p);
  }

  /** A DataView over the current memory (the cached view's buffer: no native `buffer` getter per access). */
  private data(): DataView {
    const u = this.view();
    if (this.dataView === undefined || this.dataView.buffer !== u.buffer) this.dataView = new DataView(u.buffer);
    return this.dataView;
  }

  private dataView: DataView | undefined;

  readU32(ptr: number, what: string): number {
    this.check(ptr, 4, what);
    return this.data().getUint32(ptr >>> 0, true);
  }

  writeU32(ptr: number, value: number, what: string): void {
    this.check(ptr, 4, what);
    this.data().setUint32(ptr >>> 0, value >>> 0, true);
  }

  writeU64(ptr: number, value: bigint, what: string, littleEndian = true): void {
    this.check(ptr, 8, what);
    this.data().setBigUint64(ptr >>> 0, BigInt.asUintN(64, value), littleEndian);
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
