/**
 * Runtime service: runs one method of a loaded contract under its gas budget, on a pooled
 * instance reset to its post-start-up snapshot (or a fresh one), and reports the status or the
 * classified trap with the gas used. Instances whose memory grew, that trapped, or whose
 * start-up read call context are never reused.
 */
import { inject, injectable } from 'tsyringe';
import type { EngineConfig } from '../../../../../pkg/config.js';
import { ExecutionError } from '../../../../../pkg/errors.js';
import { TOKENS } from '../../../../../pkg/tokens.js';
import type { CallState } from '../abi/host-binding.js';
import type { HostAbi, HostState } from '../abi/host-abi.js';
import type { LoadedContract } from '../loader/loader.js';
import { ContractInstance } from './contract-instance.js';
import { checkNativeStack } from './native-stack-check.js';

export type Outcome =
  | { readonly kind: 'returned'; readonly status: number; readonly gasUsed: bigint }
  | { readonly kind: 'trapped'; readonly error: ExecutionError; readonly gasUsed: bigint };

export interface PoolStats {
  instantiations: number;
  reuses: number;
}

@injectable()
export class WasmRuntime<S extends HostState = HostState> {
  private readonly pools = new Map<string, ContractInstance<S>[]>();
  readonly stats: PoolStats = { instantiations: 0, reuses: 0 };

  constructor(
    @inject(TOKENS.EngineConfig) private readonly config: EngineConfig,
    @inject(TOKENS.HostAbi) private readonly hostAbi: HostAbi<S>,
  ) {
    // Refuse to run where V8's stack could run out before the deterministic stack limit.
    checkNativeStack(config.limits);
  }

  private acquire(contract: LoadedContract, state: CallState<S>, gasLimit: bigint): ContractInstance<S> {
    const pool = this.pools.get(contract.key);
    const idle = pool?.pop();
    if (idle !== undefined) {
      this.stats.reuses++;
      return idle;
    }
    this.stats.instantiations++;
    // Start-up gets at most the call's own limit: start-up is deterministic, so a pooled
    // instance initialised under another call's limit gives this call the same outcome.
    const initBudget = gasLimit < this.config.limits.initGasLimit ? gasLimit : this.config.limits.initGasLimit;
    return new ContractInstance<S>(contract, this.hostAbi, this.config.limits, state, initBudget);
  }

  private release(inst: ContractInstance<S>): void {
    if (!inst.reusable) return;
    const key = inst.contract.key;
    let pool = this.pools.get(key);
    if (pool === undefined) {
      pool = [];
      this.pools.set(key, pool);
      // Bound the number of pooled contracts like the compile cache bounds compiled ones.
      if (this.pools.size > this.config.cache.memoryEntries) {
        this.pools.delete(this.pools.keys().next().value as string);
      }
    }
    if (pool.length >= this.config.cache.poolPerModule) return;
    inst.reset();
    pool.push(inst);
  }

  execute(contract: LoadedContract, method: string, state: CallState<S>, gasLimit: bigint): Outcome {
    let inst: ContractInstance<S>;
    try {
      inst = this.acquire(contract, state, gasLimit);
    } catch (e) {
      if (!(e instanceof ExecutionError)) throw e;
      const gasUsed = e.gasUsed > gasLimit ? gasLimit : e.gasUsed;
      e.gasUsed = gasUsed;
      return { kind: 'trapped', error: e, gasUsed };
    }
    if (inst.initGasUsed > gasLimit) {
      inst.replayInitLogs(state);
      this.release(inst);
      const error = new ExecutionError('OUT_OF_GAS', `out of gas during start-up (needs ${inst.initGasUsed})`, gasLimit);
      return { kind: 'trapped', error, gasUsed: gasLimit };
    }
    const budget = gasLimit - inst.initGasUsed;
    try {
      const status = inst.invoke(method, state, budget);
      const gasUsed = gasLimit - inst.gasRemaining();
      this.release(inst);
      return { kind: 'returned', status, gasUsed };
    } catch (e) {
      if (!(e instanceof ExecutionError)) throw e;
      e.gasUsed += inst.initGasUsed;
      return { kind: 'trapped', error: e, gasUsed: e.gasUsed };
    }
  }

  /** Drops every pooled instance (e.g. after the host ABI changed in tests). */
  clear(): void {
    this.pools.clear();
  }
}
