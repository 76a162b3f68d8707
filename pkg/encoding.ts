/**
 * Byte <-> text conversions, all in one place: hex, base64, Base58Check addresses (ABI.md §10),
 * and the address hash. Decoders throw InvalidRequestError on malformed text.
 */
import { base64, createBase58check, hex as scureHex } from '@scure/base';
import { createHash } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { InvalidRequestError } from './errors.js';
import { ADDRESS_LENGTH, type Address } from './types.js';

/** Version byte of a WES pay-to-public-key-hash address. */
export const ADDRESS_VERSION = 0x1c;

// OpenSSL's SHA-256 for the checksum: contracts convert addresses on hot paths (events).
const b58check = createBase58check((data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest()));

/**
 * Base58 conversion is a pure function but a slow one (big-number division in JS) that
 * contracts call for every event: a bounded memo of recent addresses makes repeats cheap.
 */
const MEMO_LIMIT = 4096;
const toBase58Memo = new Map<string, string>();
const fromBase58Memo = new Map<string, Uint8Array>();
function remember<K, V>(memo: Map<K, V>, key: K, value: V): V {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

/** Map key of an outpoint ("<txid hex>:<index>"): the one spelling every UTXO map uses. */
export function outPointKey(o: { readonly txId: Uint8Array; readonly index: number }): string {
  return `${toHex(o.txId)}:${o.index}`;
}

/** A compact string key for bytes in maps (not for display): one char per byte. */
export function bytesKey(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** Lowercase hex. Node's native encoder: ~4x faster than a JS loop, and this is on hot paths (map keys). */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Accepts an optional 0x prefix; throws on odd length or non-hex characters. */
export function fromHex(text: string): Uint8Array {
  const s = text.startsWith('0x') || text.startsWith('0X') ? text.slice(2) : text;
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) {
    throw new InvalidRequestError('BAD_HEX', `not a hex string: ${JSON.stringify(text.slice(0, 80))}`);
  }
  return scureHex.decode(s.toLowerCase());
}

export function toBase64(bytes: Uint8Array): string {
  return base64.encode(bytes);
}

export function fromBase64(text: string): Uint8Array {
  try {
    return base64.decode(text);
  } catch {
    throw new InvalidRequestError('BAD_BASE64', `not a base64 string: ${JSON.stringify(text.slice(0, 80))}`);
  }
}

/** RIPEMD160(SHA256(bytes)): address of a public key, or of a contract's wasm. */
export function hash160(bytes: Uint8Array): Address {
  return ripemd160(sha256(bytes));
}

export function addressToBase58(address: Address): string {
  if (address.length !== ADDRESS_LENGTH) {
    throw new InvalidRequestError('BAD_ADDRESS', `an address has ${ADDRESS_LENGTH} bytes, got ${address.length}`);
  }
  const key = bytesKey(address);
  const known = toBase58Memo.get(key);
  if (known !== undefined) return known;
  const payload = new Uint8Array(1 + ADDRESS_LENGTH);
  payload[0] = ADDRESS_VERSION;
  payload.set(address, 1);
  return remember(toBase58Memo, key, b58check.encode(payload));
}

/** Decodes a Base58Check address with version 0x1C; throws InvalidRequestError otherwise. */
export function addressFromBase58(text: string): Address {
  const known = fromBase58Memo.get(text);
  if (known !== undefined) return known.slice(); // a copy: callers own what they get
  let payload: Uint8Array;
  try {
    payload = b58check.decode(text);
  } catch {
    throw new InvalidRequestError('BAD_ADDRESS', `not a Base58Check address: ${JSON.stringify(text.slice(0, 80))}`);
  }
  if (payload.length !== 1 + ADDRESS_LENGTH || payload[0] !== ADDRESS_VERSION) {
    throw new InvalidRequestError('BAD_ADDRESS', `address ${text} is not a WES address (version 0x1c, 20 bytes)`);
  }
  return remember(fromBase58Memo, text, payload.slice(1)).slice();
}

/** Parses an address given as Base58Check or 40-digit hex. */
export function parseAddress(text: string): Address {
  const s = text.trim();
  if (/^(0x)?[0-9a-fA-F]{40}$/.test(s)) return fromHex(s);
  return addressFromBase58(s);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Total order on byte strings (lexicographic), for deterministic sorting. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
export const utf8Encode = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Decodes UTF-8, or returns undefined if the bytes are not valid UTF-8. */
export function tryUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    return undefined;
  }
}
