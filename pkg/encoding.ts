/**
 * Byte <-> text conversions, all in one place: hex, base64, Base58Check addresses (ABI.md §10),
 * and the address hash. Decoders throw InvalidRequestError on malformed text.
 */
import { hex as scureHex } from '@scure/base';
import { createHash, hash } from 'node:crypto';
import { ripemd160, sha256 } from './hashes.js';
import { InvalidRequestError } from './errors.js';
import { ADDRESS_LENGTH, type Address } from './types.js';

/** Version byte of a WES pay-to-public-key-hash address. */
export const ADDRESS_VERSION = 0x1c;

/**
 * Base58Check of a WES address: a fixed 25-byte payload (version 0x1C, 20-byte hash, 4-byte
 * double-SHA-256 checksum), so both directions work on a fixed-width byte array — O(34 × 25)
 * byte steps, no big numbers, no exceptions on the failure path (contracts can feed the host
 * any text; failing must cost no more than succeeding). OpenSSL SHA-256 for the checksum.
 */
const B58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const B58_DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < B58_ALPHABET.length; i++) B58_DIGIT[B58_ALPHABET.charCodeAt(i)] = i;
const ADDRESS_PAYLOAD = 1 + ADDRESS_LENGTH + 4;
/** Longest Base58 text of a 25-byte payload (58^35 > 256^25). */
export const MAX_ADDRESS_TEXT_LENGTH = 35;

function checksum(body: Uint8Array): Uint8Array {
  // One-shot crypto.hash: a createHash object per digest costs several times the hashing itself.
  return hash('sha256', hash('sha256', body, 'buffer'), 'buffer');
}

function encodeAddressPayload(address: Address): string {
  const n = new Uint8Array(ADDRESS_PAYLOAD);
  n[0] = ADDRESS_VERSION;
  n.set(address, 1);
  n.set(checksum(n.subarray(0, 1 + ADDRESS_LENGTH)).subarray(0, 4), 1 + ADDRESS_LENGTH);
  // Repeated division of the big-endian number by 58; the version byte is non-zero, so there
  // are no leading zero bytes (no leading '1' digits).
  let digits = '';
  let start = 0;
  while (start < ADDRESS_PAYLOAD) {
    let rem = 0;
    for (let i = start; i < ADDRESS_PAYLOAD; i++) {
      const cur = rem * 256 + n[i]!;
      n[i] = (cur / 58) | 0;
      rem = cur % 58;
    }
    digits = B58_ALPHABET[rem]! + digits;
    while (start < ADDRESS_PAYLOAD && n[start] === 0) start++;
  }
  return digits;
}

/** The 20-byte address a Base58Check text names, or undefined (wrong alphabet, size, version or checksum). */
export function tryAddressFromBase58(text: string): Address | undefined {
  if (text.length === 0 || text.length > MAX_ADDRESS_TEXT_LENGTH) return undefined;
  const n = new Uint8Array(ADDRESS_PAYLOAD);
  for (let c = 0; c < text.length; c++) {
    const code = text.charCodeAt(c);
    let carry = code < 128 ? B58_DIGIT[code]! : -1;
    if (carry < 0) return undefined;
    for (let i = ADDRESS_PAYLOAD - 1; i >= 0; i--) {
      carry += n[i]! * 58;
      n[i] = carry & 0xff;
      carry >>= 8;
    }
    if (carry !== 0) return undefined; // more than 25 bytes
  }
  // Leading '1's would be leading zero bytes: the version byte rules them out.
  if (n[0] !== ADDRESS_VERSION || text.charCodeAt(0) === 0x31) return undefined;
  const sum = checksum(n.subarray(0, 1 + ADDRESS_LENGTH));
  for (let i = 0; i < 4; i++) if (sum[i] !== n[1 + ADDRESS_LENGTH + i]) return undefined;
  return n.slice(1, 1 + ADDRESS_LENGTH);
}

/** A bounded memo of recent addresses: contracts convert the same few addresses for every event. */
const MEMO_LIMIT = 4096;
const toBase58Memo = new Map<string, string>();
const fromBase58Memo = new Map<string, Uint8Array>();
function remember<K, V>(memo: Map<K, V>, key: K, value: V): V {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

/**
 * Map keys of outpoint objects already spelled. An OutPoint is a readonly model value, and one
 * object is keyed many times on its way (admission, the pool, the block, the store, the index).
 */
const outPointKeys = new WeakMap<object, string>();

/** Map key of an outpoint ("<txid hex>:<index>"): the one spelling every UTXO map uses. */
export function outPointKey(o: { readonly txId: Uint8Array; readonly index: number }): string {
  let k = outPointKeys.get(o);
  if (k === undefined) {
    k = `${toHex(o.txId)}:${o.index}`;
    outPointKeys.set(o, k);
  }
  return k;
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
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * Canonical padded base64 only (RFC 4648 §4, zero unused bits), through Node's native decoder:
 * it is lenient (URL-safe letters, whitespace, missing padding), so what it decoded must encode
 * back to exactly `text`. ~3× @scure/base on a transaction's worth, on every submission.
 */
export function fromBase64(text: string): Uint8Array {
  const b = Buffer.from(text, 'base64');
  if (b.toString('base64') !== text) {
    throw new InvalidRequestError('BAD_BASE64', `not a base64 string: ${JSON.stringify(text.slice(0, 80))}`);
  }
  return new Uint8Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** Addresses of compressed public keys seen lately, by the key's bytes: a sender's key is checked on every spend. */
const keyAddresses = new Map<string, Address>();
const KEY_ADDRESS_LIMIT = 65_536;

/** RIPEMD160(SHA256(bytes)): address of a public key, or of a contract's wasm. */
export function hash160(bytes: Uint8Array): Address {
  if (bytes.length !== 33) return ripemd160(sha256(bytes));
  const k = bytesKey(bytes);
  let a = keyAddresses.get(k);
  if (a === undefined) {
    if (keyAddresses.size >= KEY_ADDRESS_LIMIT) keyAddresses.clear();
    a = ripemd160(sha256(bytes));
    keyAddresses.set(k, a);
  }
  return a.slice(); // callers own their copy
}

export function addressToBase58(address: Address): string {
  if (address.length !== ADDRESS_LENGTH) {
    throw new InvalidRequestError('BAD_ADDRESS', `an address has ${ADDRESS_LENGTH} bytes, got ${address.length}`);
  }
  const key = bytesKey(address);
  const known = toBase58Memo.get(key);
  if (known !== undefined) return known;
  return remember(toBase58Memo, key, encodeAddressPayload(address));
}

/** Decodes a Base58Check address with version 0x1C; throws InvalidRequestError otherwise. */
export function addressFromBase58(text: string): Address {
  const known = fromBase58Memo.get(text);
  if (known !== undefined) return known.slice(); // a copy: callers own what they get
  const address = tryAddressFromBase58(text);
  if (address === undefined) {
    throw new InvalidRequestError('BAD_ADDRESS', `not a WES address (Base58Check, version 0x1c, 20 bytes): ${JSON.stringify(text.slice(0, 80))}`);
  }
  return remember(fromBase58Memo, text, address).slice();
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

// One instance each: constructing a TextDecoder costs about a microsecond, on hot host paths.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8LossyDecoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();
export const utf8Encode = (s: string): Uint8Array => utf8Encoder.encode(s);
/** Decodes UTF-8, replacing invalid sequences (debug text, never consensus data). */
export const utf8DecodeLossy = (bytes: Uint8Array): string => utf8LossyDecoder.decode(bytes);

/** Decodes UTF-8, or returns undefined if the bytes are not valid UTF-8. */
export function tryUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    return undefined;
  }
}
