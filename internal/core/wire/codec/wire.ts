/**
 * Scalar conversions between model values and protobufjs wire objects, with the range and length
 * checks that make a malformed value fail here instead of encoding silently wrong.
 */
import { TxError } from '../../../../pkg/errors.js';
import { ADDRESS_LENGTH, HASH_LENGTH } from '../../../../pkg/types.js';
import { compareBytes, utf8Encode } from '../../../../pkg/encoding.js';
import type { MetadataEntry } from '../../../../pkg/model.js';
import type { WEntry, WU64 } from './wire-types.js';

export const U64_MAX = (1n << 64n) - 1n;
export const U32_MAX = 0xffff_ffff;
/** SignatureAlgorithm.SIGNATURE_ALGORITHM_ECDSA_SECP256K1: the only algorithm this engine signs with. */
export const ALG_SECP256K1 = 1;

/** bigint -> the {low, high} form protobufjs writes (it would silently encode a bigint as 0). */
export function u64(v: bigint, field: string): WU64 {
  if (v < 0n || v > U64_MAX) throw new TxError('U64_RANGE', `${field} must be in [0, 2^64), got ${v}`, { field });
  return { low: Number(v & 0xffff_ffffn) | 0, high: Number(v >> 32n) | 0, unsigned: true };
}

/** The one place protobufjs' 64-bit forms (Long, number without the long package, string) become bigint. */
export function bigintOf(v: WU64 | number | string | bigint | undefined): bigint {
  if (v === undefined) return 0n;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' || typeof v === 'string') return BigInt(v);
  return (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
}

export function u32(v: number, field: string): number {
  if (!Number.isInteger(v) || v < 0 || v > U32_MAX) {
    throw new TxError('U32_RANGE', `${field} must be an integer in [0, 2^32), got ${v}`, { field });
  }
  return v;
}

export function u8(v: number, field: string): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new TxError('U8_RANGE', `${field} must be a byte, got ${v}`, { field });
  return v;
}

/** Amounts travel as decimal strings of base units (WES); canonical form only, within uint64. */
export function amountText(v: bigint, field: string): string {
  u64(v, field);
  return v.toString();
}

export function amountOf(text: string | undefined, field: string): bigint {
  if (text === undefined || !/^(0|[1-9][0-9]*)$/.test(text)) {
    throw new TxError('BAD_AMOUNT', `${field} must be a decimal string of base units, got ${JSON.stringify(text)}`, { field });
  }
  const v = BigInt(text);
  if (v > U64_MAX) throw new TxError('BAD_AMOUNT', `${field} exceeds 2^64-1`, { field });
  return v;
}

/** Copies decoded bytes out of the input buffer (protobufjs returns views) into a plain Uint8Array. */
export function bytesOf(v: Uint8Array | undefined): Uint8Array {
  return v === undefined ? new Uint8Array(0) : new Uint8Array(v);
}

function fixed(v: Uint8Array, length: number, field: string): Uint8Array {
  if (v.length !== length) {
    throw new TxError('BAD_LENGTH', `${field} must be ${length} bytes, got ${v.length}`, { field, length: v.length });
  }
  return v;
}

export const address = (v: Uint8Array, field: string): Uint8Array => fixed(v, ADDRESS_LENGTH, field);
export const hash32 = (v: Uint8Array, field: string): Uint8Array => fixed(v, HASH_LENGTH, field);
export const addressOf = (v: Uint8Array | undefined, field: string): Uint8Array => address(bytesOf(v), field);
export const hash32Of = (v: Uint8Array | undefined, field: string): Uint8Array => hash32(bytesOf(v), field);

/**
 * Map entries sorted by key bytes (UTF-8), as Go's deterministic marshal sorts string keys; both
 * key and value are always written, as Go writes map entries. Duplicate keys are an error.
 */
export function sortedEntries(entries: readonly MetadataEntry[], field: string): WEntry[] {
  const keyed = entries.map((e) => ({ k: utf8Encode(e.key), e }));
  keyed.sort((a, b) => compareBytes(a.k, b.k));
  for (let i = 1; i < keyed.length; i++) {
    if (compareBytes(keyed[i - 1]!.k, keyed[i]!.k) === 0) {
      throw new TxError('DUPLICATE_KEY', `${field} has key ${JSON.stringify(keyed[i]!.e.key)} twice`, { field });
    }
  }
  return keyed.map(({ e }) => ({ key: e.key, value: e.value }));
}

export function entriesOf(entries: readonly WEntry[] | undefined): MetadataEntry[] {
  return (entries ?? []).map((e) => ({ key: e.key ?? '', value: bytesOf(e.value) }));
}

export function missing(field: string): TxError {
  return new TxError('MISSING_FIELD', `${field} is required`, { field });
}

export function unsupported(what: string): TxError {
  return new TxError('UNSUPPORTED', `${what} is not supported by this engine`, { what });
}
