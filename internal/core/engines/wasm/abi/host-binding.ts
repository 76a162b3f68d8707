/**
 * What host functions see. A HostBinding belongs to one wasm instance (its memory, its gas
 * counter, its exports); the per-call part (CallState: context, draft, logs, random stream) is
 * attached for the duration of one call and detached after it, so no host function can ever
 * read a previous call's context — outside a call it gets CONTEXT_NOT_FOUND.
 *
 * `S` is the host layer's per-call state (the draft being recorded): opaque to the engine.
 */
import { HostTrap } from '../../../../../pkg/errors.js';
import { NATIVE_STACK, type EngineLimits } from '../../../../../pkg/config.js';
import type { ExecutionContext } from '../../../../../pkg/engine.js';
import type { Address, Hash } from '../../../../../pkg/types.js';
import { HostMemory } from './host-memory.js';
import { GasMeter } from './gas-meter.js';
import type { DeterministicRandom } from './deterministic-random.js';
import type { LogBuffer } from './log-buffer.js';
import { ENGINE_EXPORTS } from '../loader/module-writer.js';

export interface CallState<S> {
  readonly context: ExecutionContext;
  readonly contract: Address;
  readonly codeHash: Hash;
  readonly payload: Uint8Array;
  /** The host layer's state for this call (HostAbi.openState). */
  readonly draft: S;
  readonly logs: LogBuffer;
  readonly random: DeterministicRandom;
}

export type Phase = 'init' | 'call';

function badExportSignature(name: string): HostTrap {
  return new HostTrap('HOST_ERROR', `the contract's export "${name}" does not have the allocator signature the host ABI expects (i32 arguments, one i32 result)`, 0n, { export: name });
}

/** See HostBinding.saveInstanceState. */
export interface HostInstanceState {
  readonly hostHeapTop: number;
}

export class HostBinding<S> {
  // Set by bind(), right after instantiation. No host function can run before: instantiation
  // runs no wasm code (the loader exports the start function instead of keeping the section).
  memory!: HostMemory;
  gas!: GasMeter;
  exports!: WebAssembly.Exports;
  private state: CallState<S> | undefined;
  phase: Phase = 'init';
  /** Set when start-up code read call context: its memory then cannot be reused across calls. */
  contextTouchedDuringInit = false;
  /** Random stream used while phase === 'init' (seeded by the code hash). */
  initRandom: DeterministicRandom | undefined;
  /** Start-up output: replayed into every call's logs, so pooled and fresh calls log alike. */
  initLogs: LogBuffer | undefined;
  /** Bump-allocator top for host malloc when the guest exports no allocator (0 = unset). */
  hostHeapTop = 0;

  /**
   * The host-side state a call can change that belongs to the instance, not the call: saved
   * after start-up with the memory snapshot and restored by every reset of a pooled instance.
   * Every other field is either fixed after start-up or per call (attach/detach).
   */
  saveInstanceState(): HostInstanceState {
    return { hostHeapTop: this.hostHeapTop };
  }

  restoreInstanceState(s: HostInstanceState): void {
    this.hostHeapTop = s.hostHeapTop;
  }

  constructor(readonly limits: EngineLimits) {}

  /** Connects the binding to its instance (imports must exist before the instance does). */
  bind(exports: WebAssembly.Exports, memory: WebAssembly.Memory, gas: WebAssembly.Global): void {
    this.exports = exports;
    this.memory = new HostMemory(memory);
    this.gas = new GasMeter(gas);
  }

  attach(state: CallState<S>): void {
    this.state = state;
  }

  detach(): void {
    this.state = undefined;
  }

  /**
   * Calls a guest export from inside a host function (host malloc → the guest's allocator).
   * The JS frames between the two wasm activations are charged to the deterministic stack
   * budget, so recursion through the host trips EXEC_STACK_OVERFLOW like any other. On a trap
   * the slots stay charged (as the guest's own frames do) so the classifier sees the overflow.
   */
  callGuest(name: string, ...args: number[]): number {
    const fn = this.exports[name] as (...a: number[]) => number;
    const depth = this.exports[ENGINE_EXPORTS.depth] as WebAssembly.Global;
    const slots = (depth.value as number) + NATIVE_STACK.hostReentrySlots;
    depth.value = slots;
    if (slots > this.limits.maxStackSlots) {
      throw new HostTrap('STACK_OVERFLOW', `call stack exceeded ${this.limits.maxStackSlots} slots (recursion through a host function)`);
    }
    let result: unknown;
    try {
      result = fn(...args);
    } catch (e) {
      // V8 converts arguments before any wasm runs: a TypeError with the depth unchanged means
      // the export's signature does not take these arguments (e.g. an i64 parameter).
      if (e instanceof TypeError && depth.value === slots) throw badExportSignature(name);
      throw e;
    }
    if (typeof result !== 'number') throw badExportSignature(name);
    depth.value = (depth.value as number) - NATIVE_STACK.hostReentrySlots;
    return result;
  }

  /** The current call. Reading it from start-up code marks the instance as context-dependent. */
  call(): CallState<S> {
    const s = this.state;
    if (s === undefined) throw new HostTrap('HOST_ERROR', 'host function called outside a call (no execution context)');
    if (this.phase === 'init') this.contextTouchedDuringInit = true;
    return s;
  }

  /** Random stream of the current phase. */
  random(): DeterministicRandom {
    if (this.phase === 'init' && this.initRandom !== undefined) return this.initRandom;
    return this.call().random;
  }

  /** Logs of the current call (no context dependency: logging is not consensus). */
  logs(): LogBuffer | undefined {
    if (this.phase === 'init' && this.initLogs !== undefined) return this.initLogs;
    return this.state?.logs;
  }
}
