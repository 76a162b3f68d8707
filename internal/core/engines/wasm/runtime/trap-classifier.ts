/**
 * Maps whatever stopped an execution to one typed ExecutionError. V8 reports every wasm trap
 * as a RuntimeError with a message; `unreachable` is disambiguated with the metering globals
 * (gas below zero = out of gas, stack slots over the limit = stack overflow, a failed
 * memory.grow = memory limit).
 */
import { ExecutionError, isWesError, type TrapKind } from '../../../../../pkg/errors.js';

export interface MeteringState {
  readonly gasRemaining: bigint;
  readonly stackSlots: number;
  readonly maxStackSlots: number;
  readonly growFailed: boolean;
}

const RUNTIME_MESSAGES: readonly [RegExp, TrapKind][] = [
  [/memory access out of bounds|data segment.*out of bounds|offset is out of bounds/i, 'MEMORY_ACCESS'],
  [/divide by zero|remainder by zero/i, 'INTEGER_DIVIDE_BY_ZERO'],
  [/integer overflow|divide result unrepresentable/i, 'INTEGER_OVERFLOW'],
  [/float unrepresentable|unrepresentable in integer range/i, 'INVALID_CONVERSION'],
  [/table index is out of bounds|element segment/i, 'TABLE_ACCESS'],
  [/signature mismatch|null function/i, 'INDIRECT_CALL'],
];

export function classifyTrap(e: unknown, state: MeteringState): ExecutionError {
  if (e instanceof ExecutionError) return e;
  if (state.gasRemaining < 0n) return new ExecutionError('OUT_OF_GAS', 'out of gas');
  if (e instanceof WebAssembly.RuntimeError) {
    const msg = e.message;
    if (/unreachable/i.test(msg)) {
      if (state.stackSlots > state.maxStackSlots) {
        return new ExecutionError('STACK_OVERFLOW', `call stack exceeded ${state.maxStackSlots} slots (recursion too deep)`);
      }
      if (state.growFailed) return new ExecutionError('MEMORY_LIMIT', 'contract ran out of memory: memory.grow past the memory cap failed');
      return new ExecutionError('UNREACHABLE', 'contract executed unreachable (a panic or failed assertion)');
    }
    for (const [re, kind] of RUNTIME_MESSAGES) {
      if (re.test(msg)) return new ExecutionError(kind, `contract trapped: ${msg}`);
    }
    return new ExecutionError('UNREACHABLE', `contract trapped: ${msg}`);
  }
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    // Should not happen (the instrumented stack limit is far below V8's): a backstop.
    return new ExecutionError('HOST_STACK_EXHAUSTED', 'native stack exhausted before the deterministic stack limit');
  }
  if (isWesError(e)) return new ExecutionError('HOST_ERROR', `${e.code}: ${e.message}`, 0n, { cause: e.code });
  const message = e instanceof Error ? e.message : String(e);
  return new ExecutionError('HOST_ERROR', `host function failed: ${message}`);
}
