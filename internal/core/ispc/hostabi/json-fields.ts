/**
 * Reading byte and lock fields out of contract JSON. WES nodes wrote bytes as hex, the SDKs as
 * base64, protojson as base64 with camelCase names: all are accepted, hex first (WES node form).
 */
import { fromBase64, fromHex } from '../../../../pkg/encoding.js';
import type { LockingCondition } from '../../../../pkg/model.js';
import { HostErrorCode } from '../../../../pkg/types.js';
import { fail } from './host-result.js';

const HEX = /^(0x)?([0-9a-fA-F]{2})*$/;

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Bytes given as hex or base64; `expected` (if set) picks the reading with the right length. */
export function bytesField(v: unknown, what: string, expected?: number): Uint8Array {
  if (v === undefined || v === null || v === '') return new Uint8Array(0);
  if (typeof v !== 'string') fail(HostErrorCode.InvalidParameter, `${what}: expected a hex or base64 string`);
  const candidates: Uint8Array[] = [];
  if (HEX.test(v)) candidates.push(fromHex(v));
  try {
    candidates.push(fromBase64(v));
  } catch {
    // not base64: hex (if any) is the only reading
  }
  const pick = expected === undefined ? candidates[0] : candidates.find((c) => c.length === expected);
  if (pick === undefined) fail(HostErrorCode.InvalidParameter, `${what}: not ${expected === undefined ? '' : `${expected}-byte `}hex or base64`);
  return pick;
}

export function addressField(v: unknown, what: string): Uint8Array {
  const a = bytesField(v, what, 20);
  if (a.length !== 20) fail(HostErrorCode.InvalidAddress, `${what}: an address has 20 bytes`);
  return a;
}

/** `stateId` -> `state_id` (JSON keys are compared in snake_case). */
export function snakeKey(k: string): string {
  return k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * Every key of `o` must be one of `allowed` (snake_case; lowerCamelCase spellings accepted) and
 * appear once: a field the host does not understand is refused, never silently dropped.
 */
export function onlyKeys(o: Record<string, unknown>, allowed: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const k of Object.keys(o)) {
    const snake = snakeKey(k);
    if (!allowed.includes(snake)) fail(HostErrorCode.InvalidParameter, `${what}: unknown field ${JSON.stringify(k)} (expected ${allowed.join(', ')})`);
    if (seen.has(snake)) fail(HostErrorCode.InvalidParameter, `${what}: field ${JSON.stringify(snake)} given twice`);
    seen.add(snake);
  }
}

/** The value of whichever of `names` (aliases of one field, e.g. owner / to) is present; two present is an error. */
export function aliasedField(o: Record<string, unknown>, names: readonly string[], what: string): unknown {
  const present = names.filter((n) => field(o, n) !== undefined);
  if (present.length > 1) fail(HostErrorCode.InvalidParameter, `${what}: give one of ${present.join(' / ')}, not both`);
  return present.length === 1 ? field(o, present[0] as string) : undefined;
}

/** A field by its snake_case or lowerCamelCase name. */
export function field(o: Record<string, unknown>, snake: string): unknown {
  if (snake in o) return o[snake];
  return o[snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())];
}

function uintField(v: unknown, what: string): bigint {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'string' && /^[0-9]{1,20}$/.test(v)) return BigInt(v);
  if (v === undefined) return 0n;
  return fail(HostErrorCode.InvalidParameter, `${what}: expected an unsigned integer`);
}

const SECP256K1 = [1, '1', 'SIGNATURE_ALGORITHM_ECDSA_SECP256K1', 0, '0', 'SIGNATURE_ALGORITHM_UNKNOWN'];
const SIGHASH_ALL = [1, '1', 'SIGHASH_ALL', 0, '0', 'SIGHASH_UNKNOWN'];
const BLOCK_TIME = [0, '0', 'TIME_SOURCE_BLOCK_TIMESTAMP'];

/**
 * Every key of a lock object must be one the verifier enforces (with the values it fixes): a
 * lock field that would be dropped (expiry, policies, another algorithm or sighash type...)
 * makes the stored lock weaker than the one built, so it is refused (NotImplemented), never ignored.
 */
function onlyEnforced(o: Record<string, unknown>, what: string, free: readonly string[], fixed: Readonly<Record<string, readonly unknown[]>> = {}): void {
  for (const [k, v] of Object.entries(o)) {
    const snake = snakeKey(k);
    if (free.includes(snake)) continue;
    const allowed = fixed[snake];
    if (allowed === undefined || !allowed.includes(v as never)) {
      fail(HostErrorCode.NotImplemented, `${what}.${snake} is not enforced by this engine's verifier; a lock carrying it is refused rather than stored weaker`);
    }
  }
}

/** One protojson LockingCondition. */
export function lockFromJson(v: unknown, depth = 0): LockingCondition {
  if (!isRecord(v) || depth > 8) fail(HostErrorCode.InvalidParameter, 'locking condition: expected an object');
  if (Object.keys(v).length !== 1) fail(HostErrorCode.InvalidParameter, 'locking condition: expected exactly one kind of lock');
  const single = field(v, 'single_key_lock');
  if (isRecord(single)) {
    onlyEnforced(single, 'single_key_lock', ['required_address_hash'], { required_algorithm: SECP256K1, sighash_type: SIGHASH_ALL });
    return { kind: 'singleKey', addressHash: addressField(field(single, 'required_address_hash'), 'single_key_lock.required_address_hash') };
  }
  const contract = field(v, 'contract_lock');
  if (isRecord(contract)) {
    onlyEnforced(contract, 'contract_lock', ['contract_address', 'required_method']);
    const method = field(contract, 'required_method');
    return { kind: 'contract', contract: addressField(field(contract, 'contract_address'), 'contract_lock.contract_address'), ...(typeof method === 'string' && method ? { method } : {}) };
  }
  const multi = field(v, 'multi_key_lock');
  if (isRecord(multi)) {
    onlyEnforced(multi, 'multi_key_lock', ['required_signatures', 'authorized_keys'], { required_algorithm: SECP256K1, sighash_type: SIGHASH_ALL, require_ordered_signatures: [false] });
    const keys = field(multi, 'authorized_keys');
    return {
      kind: 'multiKey',
      required: Number(uintField(field(multi, 'required_signatures'), 'required_signatures')),
      publicKeys: (Array.isArray(keys) ? keys : []).map((k) => bytesField(isRecord(k) ? k['value'] : k, 'authorized_keys')),
    };
  }
  const time = field(v, 'time_lock');
  if (isRecord(time)) onlyEnforced(time, 'time_lock', ['unlock_timestamp', 'base_lock'], { time_source: BLOCK_TIME });
  if (isRecord(time)) return { kind: 'timeLock', unlockTimestamp: uintField(field(time, 'unlock_timestamp'), 'unlock_timestamp'), base: lockFromJson(field(time, 'base_lock'), depth + 1) };
  const height = field(v, 'height_lock');
  if (isRecord(height)) onlyEnforced(height, 'height_lock', ['unlock_height', 'base_lock'], { confirmation_blocks: [0, '0'] });
  if (isRecord(height)) return { kind: 'heightLock', unlockHeight: uintField(field(height, 'unlock_height'), 'unlock_height'), base: lockFromJson(field(height, 'base_lock'), depth + 1) };
  return fail(HostErrorCode.InvalidParameter, 'locking condition: unsupported kind (single_key_lock, contract_lock, multi_key_lock, time_lock, height_lock)');
}

export function locksFromJson(v: unknown): LockingCondition[] {
  if (!Array.isArray(v) || v.length === 0 || v.length > 16) fail(HostErrorCode.InvalidParameter, 'locking conditions: expected a JSON array of 1..16 conditions');
  return v.map((l) => lockFromJson(l));
}
