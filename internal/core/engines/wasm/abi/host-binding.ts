/**
 * What host functions see. A HostBinding belongs to one wasm instance (its memory, its gas
 * counter, its exports); the per-call part (CallState: context, draft, logs, random stream) is
 * attached for the duration of one call and detached after it, so no host function can ever
 * read a previous call's context — outside a call it gets CONTEXT_NOT_FOUND.
 *
 * `S` is the host layer's per-call state (the draft being recorded): opaque to the engine.
 */
import { HostTrap } from '../../../../../pkg/errors.js';
import type { EngineLimits } from '../../../../../pkg/config.js';
import type { ExecutionContext } from '../../../../../pkg/engine.js';
import type { Address, Hash } from '../../../../../pkg/types.js';
import { HostMemory } from './host-memory.js';
import { GasMeter } from './gas-meter.js';
import type { DeterministicRandom } from './deterministic-random.js';
import type { LogBuffer } from './log-buffer.js';

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
  /** Bump-allocator top for host malloc when the guest exports no allocator (0 = unset). */
  hostHeapTop = 0;

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
    return this.state?.logs;
  }
}
