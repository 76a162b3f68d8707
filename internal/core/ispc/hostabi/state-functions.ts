/**
 * Contract state (ABI.md §4): the WES names keep their return conventions (state_get 0/1 with the
 * value zero-padded to the buffer, state_set 0/1), but store and read real values with versions;
 * the v1.1 names use ">= 0 length / < 0 -code" and "too small: full length, nothing written".
 */
import { HostErrorCode } from '../../../../pkg/types.js';
import { readBytes, readKey, writeBytes, writePadded } from './guest-io.js';
import { fail, orValue, v11, v11Wide, zeroOrOne } from './host-result.js';
import { MAX_CALL_STATE_BYTES, MAX_KEY_BYTES, MAX_STATE_WRITES, MAX_VALUE_BYTES } from './limits.js';
import { committedState, lookupState, writeState } from './state-view.js';
import { type EnvFunction, type HostBinding, envFunction } from './declare.js';

const NOT_FOUND = 1;
/**
 * Gas rates every state function declares (bench/calibration): a key becomes a map key in the
 * draft and in the chain's state index (hashed, compared), and a value is copied and kept.
 */
const KEY_BYTE_GAS = 14;
const VALUE_BYTE_GAS = 3;

/** Reads the key, paying for its use as a map key before any lookup. */
function key(b: HostBinding, ptr: number, len: number, what: string): Uint8Array {
  const k = readKey(b, ptr, len, MAX_KEY_BYTES, what);
  b.gas.charge(k.length * KEY_BYTE_GAS, what);
  return k;
}

/** WES-style value output: too small -> BufferTooSmall; else value then zeros up to cap. */
function writeLegacyValue(b: HostBinding, out: number, cap: number, value: Uint8Array, what: string): number {
  const c = cap >>> 0;
  if (value.length > c) return HostErrorCode.BufferTooSmall;
  const padTo = Math.min(c, MAX_VALUE_BYTES);
  b.gas.charge(Math.max(padTo, value.length) * VALUE_BYTE_GAS, what);
  writePadded(b, out, value, padTo, what);
  return 0;
}

function checkWriteBudget(b: HostBinding, k: Uint8Array, v: Uint8Array | undefined): void {
  const draft = b.call().draft;
  if (draft.stateWriteCount >= MAX_STATE_WRITES && draft.pendingState(k) === undefined) {
    fail(HostErrorCode.LimitExceeded, `a call may write at most ${MAX_STATE_WRITES} state keys`);
  }
  if (draft.stateBytesAfterWrite(k, v) > MAX_CALL_STATE_BYTES) fail(HostErrorCode.LimitExceeded, `a call may write at most ${MAX_CALL_STATE_BYTES} bytes of state`);
}

/** The write both state_set (WES 0/1) and state_write (v1.1 0/-code) perform; only the return convention differs. */
function storeValue(b: HostBinding, kp: number, kl: number, vp: number, vl: number, name: string): number {
  const k = key(b, kp, kl, `${name} key`);
  const v = readBytes(b, vp, vl, MAX_VALUE_BYTES, `${name} value`);
  b.gas.charge(v.length * VALUE_BYTE_GAS, `${name} value`);
  checkWriteBudget(b, k, v);
  writeState(b.call(), k, v);
  return 0;
}

export const STATE_FUNCTIONS: readonly EnvFunction[] = [
  envFunction({
    name: 'state_get',
    signatures: ['iiii->i'],
    gas: { base: 30_000, perByte: VALUE_BYTE_GAS, perKeyByte: KEY_BYTE_GAS },
    limits: { keyBytes: MAX_KEY_BYTES, valueBytes: MAX_VALUE_BYTES },
    impl: (b: HostBinding, kp: number, kl: number, out: number, cap: number): number =>
      zeroOrOne(() => {
        const { value } = lookupState(b.call(), key(b, kp, kl, 'state_get key'));
        return value === undefined ? NOT_FOUND : writeLegacyValue(b, out, cap, value, 'state_get');
      }),
  }),
  envFunction({
    name: 'state_exists',
    signatures: ['ii->i'],
    gas: { base: 24_000, perKeyByte: KEY_BYTE_GAS },
    limits: { keyBytes: MAX_KEY_BYTES },
    impl: (b: HostBinding, kp: number, kl: number): number =>
      orValue(0, () => (lookupState(b.call(), key(b, kp, kl, 'state_exists key')).value === undefined ? 0 : 1)),
  }),
  envFunction({
    name: 'state_set',
    signatures: ['iiii->i'],
    gas: { base: 37_000, perByte: VALUE_BYTE_GAS, perKeyByte: KEY_BYTE_GAS },
    limits: { keyBytes: MAX_KEY_BYTES, valueBytes: MAX_VALUE_BYTES, stateWrites: MAX_STATE_WRITES },
    impl: (b: HostBinding, kp: number, kl: number, vp: number, vl: number): number => zeroOrOne(() => storeValue(b, kp, kl, vp, vl, 'state_set')),
  }),
  envFunction({
    name: 'state_read',
    signatures: ['iiii->i'],
    gas: { base: 32_000, perKeyByte: KEY_BYTE_GAS },
    limits: { keyBytes: MAX_KEY_BYTES, valueBytes: MAX_VALUE_BYTES },
    impl: (b: HostBinding, kp: number, kl: number, out: number, cap: number): number =>
      v11(() => {
        const { value } = lookupState(b.call(), key(b, kp, kl, 'state_read key'));
        if (value === undefined) fail(HostErrorCode.NotFound, 'state_read: no such key');
        // A plain copy out (no padding): the copy charge covers it.
      if (value.length <= cap >>> 0) writeBytes(b, out, value, 'state_read');
        return value.length;
      }),
  }),
  envFunction({
    name: 'state_write',
    signatures: ['iiii->i'],
    gas: { base: 37_000, perByte: VALUE_BYTE_GAS, perKeyByte: KEY_BYTE_GAS },
    limits: { keyBytes: MAX_KEY_BYTES, valueBytes: MAX_VALUE_BYTES, stateWrites: MAX_STATE_WRITES },
    impl: (b: HostBinding, kp: number, kl: number, vp: number, vl: number): number => v11(() => storeValue(b, kp, kl, vp, vl, 'state_write')),
  }),
  envFunction({
    name: 'state_delete',
    signatures: ['ii->i'],
    gas: { base: 77_000, perKeyByte: KEY_BYTE_GAS },
    limits: { keyBytes: MAX_KEY_BYTES, stateWrites: MAX_STATE_WRITES },
    impl: (b: HostBinding, kp: number, kl: number): number =>
      v11(() => {
        const k = key(b, kp, kl, 'state_delete key');
        if (lookupState(b.call(), k).value === undefined) fail(HostErrorCode.NotFound, 'state_delete: no such key');
        checkWriteBudget(b, k, undefined);
        writeState(b.call(), k, undefined);
        return 0;
      }),
  }),
  envFunction({
    name: 'get_state_version',
    signatures: ['ii->I'],
    gas: { base: 25_000, perKeyByte: KEY_BYTE_GAS },
    limits: { keyBytes: MAX_KEY_BYTES },
    impl: (b: HostBinding, kp: number, kl: number): bigint =>
      v11Wide(() => {
        const s = lookupState(b.call(), key(b, kp, kl, 'get_state_version key'));
        return s.value === undefined ? 0n : s.version;
      }),
  }),
  envFunction({
    name: 'state_get_from_chain',
    signatures: ['iiiii->i'],
    gas: { base: 19_000, perByte: VALUE_BYTE_GAS, perKeyByte: KEY_BYTE_GAS },
    limits: { keyBytes: MAX_KEY_BYTES, valueBytes: MAX_VALUE_BYTES },
    impl: (b: HostBinding, kp: number, kl: number, out: number, cap: number, verPtr: number): number =>
      zeroOrOne(() => {
        const entry = committedState(b.call(), key(b, kp, kl, 'state_get_from_chain key'));
        if (entry === undefined) return NOT_FOUND;
        b.memory.check(verPtr, 8, 'state_get_from_chain version');
        const rc = writeLegacyValue(b, out, cap, entry.value, 'state_get_from_chain');
        if (rc === 0) b.memory.writeU64(verPtr, entry.version, 'state_get_from_chain version', false);
        return rc;
      }),
  }),
];
