/**
 * Maps whatever stopped an execution to one typed error. V8 reports every wasm trap as a
 * RuntimeError with a message; `unreachable` is disambiguated with the metering globals (gas
 * below zero = out of gas, stack slots over the limit = stack overflow, a failed memory.grow =
 * memory limit).
 *
 * Only what the contract deterministically caused becomes an ExecutionError (a contract
 * result). Anything else — a JS exception from a host function or the runtime, V8's own stack
 * running out, an allocation failure, a trap message we do not know — is an engine fault: an
 * InternalError the runtime throws instead of reporting a result, so no call result ever
 * depends on the machine and no raw JS message is passed off as the contract's failure.
 */
import { ExecutionError, InternalError, isWesError, type TrapKind } from '../../../../../pkg/errors.js';

export interface MeteringState {
  readonly gasRemaining: bigint;
  readonly stackSlots: number;
  readonly maxStackSlots: number;
  readonly growFailed: boolean;
}

// V8's wasm trap messages (src/common/message-template.h, WasmTrap*).
const RUNTIME_MESSAGES: readonly [RegExp, TrapKind][] = [
  [/memory access out of bounds|data segment.*out of bounds|offset is out of bounds/i, 'MEMORY_ACCESS'],
  [/divide by zero|remainder by zero/i, 'INTEGER_DIVIDE_BY_ZERO'],
  [/integer overflow|divide result unrepresentable/i, 'INTEGER_OVERFLOW'],
  [/float unrepresentable|unrepresentable in integer range/i, 'INVALID_CONVERSION'],
  [/table index is out of bounds|element segment.*out of bounds|invalid index into function table/i, 'TABLE_ACCESS'],
  [/signature mismatch|null function/i, 'INDIRECT_CALL'],
];

function engineFault(what: string, e: unknown): InternalError {
  const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new InternalError(`engine fault during contract execution (${what}): the call has no result. Not the contract's failure; please report it`, {
    fault: what,
    error,
  });
}

export function classifyTrap(e: unknown, state: MeteringState): ExecutionError | InternalError {
  if (e instanceof ExecutionError) return e;
  if (e instanceof InternalError) return e;
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
    return engineFault('unrecognised wasm trap', e);
  }
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    // The deterministic slot budget is sized to trip well before V8's stack on every supported
    // thread (checked at start-up): reaching V8's limit means that invariant broke.
    return engineFault('native stack exhausted before the deterministic stack limit', e);
  }
  if (isWesError(e)) return new ExecutionError('HOST_ERROR', `${e.code}: ${e.message}`, 0n, { cause: e.code });
  return engineFault('untyped exception', e);
}
