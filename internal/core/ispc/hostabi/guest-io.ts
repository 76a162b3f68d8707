/**
 * Argument plumbing shared by host functions: read a (ptr, len) the contract passed, capped and
 * charged per byte; write results back, charged per byte. Oversized lengths are a contract-visible
 * LimitExceeded failure; a pointer outside memory is a MEMORY_ACCESS trap (HostMemory).
 */
import { tryUtf8 } from '../../../../pkg/encoding.js';
import { jsonNestingExceeds } from '../../../../pkg/json-depth.js';
import { ADDRESS_LENGTH, HASH_LENGTH, HostErrorCode } from '../../../../pkg/types.js';
import { fail, type HostErrorCodeValue } from './host-result.js';
import { type HostBinding } from './declare.js';

/** Reads `len` bytes at `ptr`; `len` must be at most `max`. */
export function readBytes(b: HostBinding, ptr: number, len: number, max: number, what: string): Uint8Array {
  const n = len >>> 0;
  if (n > max) fail(HostErrorCode.LimitExceeded, `${what}: ${n} bytes exceeds the limit of ${max}`);
  b.gas.chargeBytes(n, what);
  return b.memory.read(ptr, n, max, what);
}

/** Like readBytes, but a null pointer or zero length means "absent" (empty bytes). */
export function readOptional(b: HostBinding, ptr: number, len: number, max: number, what: string): Uint8Array {
  if (ptr >>> 0 === 0 || len >>> 0 === 0) return new Uint8Array(0);
  return readBytes(b, ptr, len, max, what);
}

/** A non-empty key (state key / state id). */
export function readKey(b: HostBinding, ptr: number, len: number, max: number, what: string): Uint8Array {
  if (len >>> 0 === 0) fail(HostErrorCode.InvalidParameter, `${what}: empty key`);
  return readBytes(b, ptr, len, max, what);
}

/** A 20-byte address at `ptr` (no length argument: WES trusts the buffer size). */
export function readAddress(b: HostBinding, ptr: number, what: string): Uint8Array {
  return readBytes(b, ptr, ADDRESS_LENGTH, ADDRESS_LENGTH, what);
}

/** A (ptr, len) pair that must be exactly `expected` bytes (txid 32, address 20). */
export function readExact(b: HostBinding, ptr: number, len: number, expected: number, code: HostErrorCodeValue, what: string): Uint8Array {
  if (len >>> 0 !== expected) fail(code, `${what}: expected ${expected} bytes, got ${len >>> 0}`);
  return readBytes(b, ptr, expected, expected, what);
}

export function readTxId(b: HostBinding, ptr: number, len: number, what: string): Uint8Array {
  return readExact(b, ptr, len, HASH_LENGTH, HostErrorCode.InvalidHash, what);
}

export function writeBytes(b: HostBinding, ptr: number, bytes: Uint8Array, what: string): void {
  b.gas.chargeBytes(bytes.length, what);
  b.memory.write(ptr, bytes, what);
}

/** Writes `bytes` followed by zeros up to `padTo` bytes (WES state_get fills the whole buffer). */
export function writePadded(b: HostBinding, ptr: number, bytes: Uint8Array, padTo: number, what: string): void {
  const out = new Uint8Array(Math.max(padTo, bytes.length));
  out.set(bytes);
  writeBytes(b, ptr, out, what);
}

/**
 * Deepest array/object nesting accepted in JSON from a contract. Host code walks parsed values
 * recursively (and JSON.stringify, which V8 runs recursively, quotes them in messages): without
 * a bound, whether V8's native stack suffices — a property of the machine — would decide the
 * call's outcome. JSON.parse itself is iterative.
 */
export const MAX_GUEST_JSON_DEPTH = 64;

export { jsonNestingExceeds };

/** Decodes UTF-8 JSON from a contract; malformed or too deeply nested text is an Encoding failure. */
export function parseJson(bytes: Uint8Array, what: string): unknown {
  const text = tryUtf8(bytes);
  if (text === undefined) return fail(HostErrorCode.Encoding, `${what}: not valid UTF-8`);
  if (jsonNestingExceeds(text, MAX_GUEST_JSON_DEPTH)) {
    return fail(HostErrorCode.Encoding, `${what}: JSON nested deeper than ${MAX_GUEST_JSON_DEPTH} levels`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    return fail(HostErrorCode.Encoding, `${what}: not valid UTF-8 JSON (${(e as Error).message})`);
  }
}
