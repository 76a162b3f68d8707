/**
 * How host functions report failures to contracts. A failure the contract can handle becomes a
 * return code (HostFailure, caught by the wrappers below); a bad pointer or exhausted gas stays a
 * HostTrap and ends the call. The wrappers encode the three return conventions of ABI.md §3.
 */
import { HostErrorCode } from '../../../../pkg/types.js';

export type HostErrorCodeValue = (typeof HostErrorCode)[keyof typeof HostErrorCode];

/** A contract-visible failure: becomes the function's error return value, never a trap. */
export class HostFailure extends Error {
  constructor(
    readonly code: HostErrorCodeValue,
    message: string,
  ) {
    // A failure is an expected answer a contract can provoke in a loop: no stack trace (capturing
    // one cost ~10-20 µs, more than the work it reports).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'HostFailure';
  }
}

export function fail(code: HostErrorCodeValue, message: string): never {
  throw new HostFailure(code, message);
}

function catchFailure<T>(body: () => T, onFailure: (f: HostFailure) => T): T {
  try {
    return body();
  } catch (e) {
    if (e instanceof HostFailure) return onFailure(e);
    throw e;
  }
}

/** v1.1 rule: `>= 0` is a length/index, `< 0` is `-code`. */
export function v11(body: () => number): number {
  return catchFailure(body, (f) => -f.code);
}

/** v1.1 rule for i64 results. */
export function v11Wide(body: () => bigint): bigint {
  return catchFailure(body, (f) => BigInt(-f.code));
}

/** WES "0 ok / 1 fail" (state_set, emit_event, ...). */
export function zeroOrOne(body: () => number): number {
  return catchFailure(body, () => 1);
}

/** WES "length/index or error code" (the positive code itself). */
export function orCode(body: () => number): number {
  return catchFailure(body, (f) => f.code);
}

/** WES "index or 0xFFFFFFFF" (as the i32 the guest sees: -1). */
export function orAllOnes(body: () => number): number {
  return catchFailure(body, () => -1);
}

/** Fixed failure value (e.g. 0 for "32 or 0", 0n for balances). */
export function orValue<T>(value: T, body: () => T): T {
  return catchFailure(body, () => value);
}
