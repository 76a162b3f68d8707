// Byte helpers: pointers for host calls, UTF-8, hex. The SDK allocates from the AssemblyScript heap
// (never env.malloc), so every buffer handed to the host is an ordinary Uint8Array.

/** Address of the first byte of `b`, for passing to a host function. */
// @ts-ignore: decorator
@inline
export function ptr(b: Uint8Array): usize {
  return b.dataStart;
}

export function utf8(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

export function fromUtf8(b: Uint8Array): string {
  return String.UTF8.decodeUnsafe(b.dataStart, <usize>b.length);
}

const HEX = "0123456789abcdef";

/** Lower-case hex, no prefix. */
export function toHex(b: Uint8Array): string {
  const n = b.length;
  const out = new Uint16Array(n << 1);
  for (let i = 0; i < n; i++) {
    const v = <i32>b[i];
    out[i << 1] = <u16>HEX.charCodeAt(v >> 4);
    out[(i << 1) + 1] = <u16>HEX.charCodeAt(v & 15);
  }
  return String.UTF16.decodeUnsafe(out.dataStart, <usize>(n << 2));
}

function hexNibble(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30; // 0-9
  if (c >= 0x61 && c <= 0x66) return c - 0x57; // a-f
  if (c >= 0x41 && c <= 0x46) return c - 0x37; // A-F
  return -1;
}

/** Decodes hex with an optional 0x prefix; null on odd length or a non-hex character. */
export function fromHex(s: string): Uint8Array | null {
  let start = 0;
  if (s.length >= 2 && s.charCodeAt(0) == 0x30 && (s.charCodeAt(1) | 0x20) == 0x78) start = 2;
  const digits = s.length - start;
  if (digits & 1) return null;
  const out = new Uint8Array(digits >> 1);
  for (let i = 0; i < out.length; i++) {
    const hi = hexNibble(s.charCodeAt(start + (i << 1)));
    const lo = hexNibble(s.charCodeAt(start + (i << 1) + 1));
    if (hi < 0 || lo < 0) return null;
    out[i] = <u8>((hi << 4) | lo);
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): bool {
  if (a.length != b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] != b[i]) return false;
  return true;
}

/** Strict unsigned decimal: 1..20 digits, no sign, no leading '+', must fit u64. */
export function parseU64(s: string): U64Result {
  const n = s.length;
  if (n == 0 || n > 20) return U64Result.fail();
  let v: u64 = 0;
  for (let i = 0; i < n; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return U64Result.fail();
    // v * 10 + d must not exceed u64::MAX
    if (v > (u64.MAX_VALUE - <u64>d) / 10) return U64Result.fail();
    v = v * 10 + <u64>d;
  }
  return new U64Result(true, v);
}

export class U64Result {
  constructor(public ok: bool, public value: u64) {}
  static fail(): U64Result {
    return new U64Result(false, 0);
  }
}
