/**
 * One live wasm instance of an instrumented contract, with its start-up done and (when start-up
 * did not depend on call context) a snapshot of memory and globals taken right after it, so
 * the instance can be reset and reused: the observable behaviour of a fresh instance at a
 * fraction of the cost.
 */
import type { EngineLimits } from '../../../../../pkg/config.js';
import { ExecutionError, InternalError, LoadRule, ModuleRejectedError } from '../../../../../pkg/errors.js';
import { HostBinding, type CallState, type HostInstanceState } from '../abi/host-binding.js';
import type { HostAbi, HostState } from '../abi/host-abi.js';
import { DeterministicRandom } from '../abi/deterministic-random.js';
import { LogBuffer } from '../abi/log-buffer.js';
import { ENGINE_EXPORTS } from '../loader/module-writer.js';
import type { LoadedContract } from '../loader/loader.js';
import { classifyTrap } from './trap-classifier.js';
import { ProcExit } from './wasi-shim.js';

interface Snapshot {
  readonly memory: Uint8Array;
  readonly globals: readonly (number | bigint)[];
  /** Host-side per-instance state (e.g. host malloc's heap top), restored with memory. */
  readonly host: HostInstanceState;
}

export class ContractInstance<S extends HostState> {
  readonly binding: HostBinding<S>;
  private readonly instance: WebAssembly.Instance;
  private readonly memory: WebAssembly.Memory;
  private readonly gas: WebAssembly.Global;
  private readonly depth: WebAssembly.Global;
  private readonly oom: WebAssembly.Global;
  private readonly mutableGlobals: WebAssembly.Global[] = [];
  private snapshot: Snapshot | undefined;
  /** Gas start-up consumed; charged to every call so pooled and fresh instances agree. */
  initGasUsed = 0n;

  /**
   * Instantiates and runs start-up (start function, then _initialize or _start) with at most
   * `initBudget` gas. Throws ExecutionError (with the gas used) if start-up fails.
   */
  constructor(
    readonly contract: LoadedContract,
    hostAbi: HostAbi<S>,
    private readonly limits: EngineLimits,
    firstCall: CallState<S>,
    private readonly initBudget: bigint,
  ) {
    this.binding = new HostBinding<S>(limits);
    this.binding.initRandom = DeterministicRandom.forInit(contract.summary.codeHash);
    this.binding.initLogs = new LogBuffer(limits.maxLogBytes);
    this.binding.attach(firstCall);
    const imports = hostAbi.buildImports(this.binding, contract.summary.imports);
    try {
      this.instance = new WebAssembly.Instance(contract.module, imports);
    } catch (e) {
      this.binding.detach();
      // Only data/element segment initialisation runs here (the start function is exported).
      throw classifyTrap(e, { gasRemaining: 0n, stackSlots: 0, maxStackSlots: limits.maxStackSlots, growFailed: false });
    }
    const ex = this.instance.exports;
    this.memory = ex[ENGINE_EXPORTS.memory] as WebAssembly.Memory;
    this.gas = ex[ENGINE_EXPORTS.gas] as WebAssembly.Global;
    this.depth = ex[ENGINE_EXPORTS.depth] as WebAssembly.Global;
    this.oom = ex[ENGINE_EXPORTS.oom] as WebAssembly.Global;
    for (const name of Object.keys(ex)) {
      if (name.startsWith(ENGINE_EXPORTS.globalPrefix) && /^\d+$/.test(name.slice(ENGINE_EXPORTS.globalPrefix.length))) {
        this.mutableGlobals.push(ex[name] as WebAssembly.Global);
      }
    }
    this.binding.bind(ex, this.memory, this.gas);
    this.runStartup(firstCall);
  }

  /** Start function, then _initialize (reactor) or _start (command; proc_exit(0) is a normal end). */
  private runStartup(firstCall: CallState<S>): void {
    const ex = this.instance.exports;
    const entries: unknown[] = [ex[ENGINE_EXPORTS.start], typeof ex['_initialize'] === 'function' ? ex['_initialize'] : ex['_start']];
    for (const entry of entries) {
      // Called with no arguments: a parameter would be converted from undefined (an untyped
      // TypeError for i64). A wasm function's JS length is its parameter count.
      if (typeof entry === 'function' && entry.length !== 0) {
        this.binding.detach();
        throw new ModuleRejectedError(LoadRule.Malformed, `start-up function takes ${entry.length} parameter(s); the start function, _initialize and _start take none`, {
          parameters: entry.length,
        });
      }
    }
    this.gas.value = this.initBudget;
    this.depth.value = 0;
    this.oom.value = 0;
    try {
      for (const entry of entries) {
        if (typeof entry !== 'function') continue;
        try {
          (entry as () => void)();
        } catch (e) {
          if (!(e instanceof ProcExit && e.exitCode === 0)) throw e;
        }
      }
      if ((this.gas.value as bigint) < 0n) throw new ExecutionError('OUT_OF_GAS', 'out of gas during start-up');
    } catch (e) {
      this.binding.detach();
      this.replayInitLogs(firstCall);
      const err = classifyTrap(e, this.meteringState());
      if (err instanceof ExecutionError) err.gasUsed = this.initBudget - this.gasRemainingClamped();
      throw err;
    }
    this.initGasUsed = this.initBudget - (this.gas.value as bigint);
    this.binding.phase = 'call';
    if (!this.binding.contextTouchedDuringInit) {
      this.snapshot = {
        memory: new Uint8Array(this.memory.buffer).slice(),
        globals: this.mutableGlobals.map((g) => g.value as number | bigint),
        host: this.binding.saveInstanceState(),
      };
    }
  }

  private gasRemainingClamped(): bigint {
    const v = this.gas.value as bigint;
    return v < 0n ? 0n : v;
  }

  private meteringState(): { gasRemaining: bigint; stackSlots: number; maxStackSlots: number; growFailed: boolean } {
    return {
      gasRemaining: this.gas.value as bigint,
      stackSlots: this.depth.value as number,
      maxStackSlots: this.limits.maxStackSlots,
      growFailed: (this.oom.value as number) !== 0,
    };
  }

  /** True if the instance can be reset to its post-start-up state and reused. */
  get reusable(): boolean {
    return this.snapshot !== undefined && this.memory.buffer.byteLength === this.snapshot.memory.length;
  }

  /** Restores memory, globals and host-side instance state to the post-start-up snapshot. */
  reset(): void {
    const snap = this.snapshot;
    if (snap === undefined) throw new InternalError('reset() of an instance without a snapshot (not reusable)');
    new Uint8Array(this.memory.buffer).set(snap.memory);
    for (let i = 0; i < this.mutableGlobals.length; i++) this.mutableGlobals[i]!.value = snap.globals[i]!;
    this.binding.restoreInstanceState(snap.host);
  }

  /**
   * Runs `method` with `budget` gas (start-up gas already deducted by the caller). Returns the
   * status code, or throws a classified ExecutionError carrying the gas used.
   */
  invoke(method: string, state: CallState<S>, budget: bigint): number {
    const fn = this.instance.exports[method] as () => number;
    this.gas.value = budget;
    this.depth.value = 0;
    this.oom.value = 0;
    this.binding.phase = 'call';
    this.binding.attach(state);
    this.replayInitLogs(state);
    try {
      const status = fn() | 0;
      // Overrun between check points: the counter is negative but the method returned.
      if ((this.gas.value as bigint) < 0n) throw new ExecutionError('OUT_OF_GAS', 'out of gas');
      return status;
    } catch (e) {
      const err = classifyTrap(e, this.meteringState());
      if (err instanceof ExecutionError) err.gasUsed = budget - this.gasRemainingClamped();
      throw err;
    } finally {
      this.binding.detach();
    }
  }

  /** Adds what start-up printed to a call's logs, as a fresh instance's call would show it. */
  replayInitLogs(state: CallState<S>): void {
    for (const line of this.binding.initLogs?.lines ?? []) state.logs.add(line);
  }

  gasRemaining(): bigint {
    return this.gasRemainingClamped();
  }
}

export function isExecutionError(e: unknown): e is ExecutionError {
  return e instanceof ExecutionError;
}
