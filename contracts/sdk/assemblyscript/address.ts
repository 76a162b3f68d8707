// Addresses are 20 raw bytes (RIPEMD160(SHA256(key))). Text forms: Base58Check with version 0x1C
// (converted by the host, ABI.md §4) or 40 hex digits with an optional 0x prefix.

import { address_base58_to_bytes, address_bytes_to_base58 } from "./env";
import { fromHex, ptr, toHex, utf8 } from "./bytes";

export const ADDRESS_LENGTH: i32 = 20;
// A Base58Check encoding of 25 bytes has at most 35 characters; anything longer is not an address.
const MAX_BASE58_LENGTH: i32 = 35;

/** Parses 40-hex (optional 0x) or Base58Check text; null if it is neither. */
export function parseAddress(text: string): Uint8Array | null {
  const hex = addressFromHex(text);
  if (hex != null) return hex;
  if (text.length == 0 || text.length > MAX_BASE58_LENGTH) return null;
  const s = utf8(text);
  const out = new Uint8Array(ADDRESS_LENGTH);
  return address_base58_to_bytes(ptr(s), s.length, ptr(out)) == 1 ? out : null;
}

/** Exactly 40 hex digits (optional 0x) to 20 bytes; null otherwise. No host call. */
export function addressFromHex(text: string): Uint8Array | null {
  const b = fromHex(text);
  return b != null && b.length == ADDRESS_LENGTH ? b : null;
}

/** Base58Check text of a 20-byte address (the chain's display form). */
export function addressToBase58(addr: Uint8Array): string {
  assert(addr.length == ADDRESS_LENGTH, "address must be 20 bytes");
  const out = new Uint8Array(64);
  const n = address_bytes_to_base58(ptr(addr), ptr(out), out.length);
  assert(n > 0 && n <= out.length, "address_bytes_to_base58 failed");
  return String.UTF8.decodeUnsafe(out.dataStart, <usize>n);
}

/** Lower-case hex, 40 digits: used in storage keys (fixed length, so keys never collide). */
export function addressHex(addr: Uint8Array): string {
  return toHex(addr);
}
