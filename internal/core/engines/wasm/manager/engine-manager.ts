/**
 * The thin manager: the WASMEngine the rest of the node uses. It only delegates — loading to
 * the loader, execution to the executor — and owns no logic of its own.
 */
import { inject, injectable } from 'tsyringe';
import type { CallRequest, CallResult, ModuleSummary, PrepareOptions, WASMEngine } from '../../../../../pkg/engine.js';
import { TOKENS } from '../../../../../pkg/tokens.js';
import { ContractLoader } from '../loader/loader.js';
import { ContractExecutor } from '../engine/executor.js';
import type { CompileCache } from '../loader/compile-cache.js';
import type { WasmRuntime } from '../runtime/runtime.js';

@injectable()
export class WasmEngineManager implements WASMEngine {
  constructor(
    @inject(TOKENS.Loader) private readonly loader: ContractLoader,
    @inject(TOKENS.Executor) private readonly executor: ContractExecutor,
    @inject(TOKENS.CompileCache) readonly cache: CompileCache,
    @inject(TOKENS.Runtime) readonly runtime: WasmRuntime,
  ) {}

  prepare(code: Uint8Array, opts: PrepareOptions = {}): Promise<ModuleSummary> {
    return Promise.resolve().then(() => this.loader.load(code, opts).summary);
  }

  call(request: CallRequest): Promise<CallResult> {
    return Promise.resolve().then(() => this.executor.execute(request));
  }

  prepareSync(code: Uint8Array, opts: PrepareOptions = {}): ModuleSummary {
    return this.loader.load(code, opts).summary;
  }

  /** Synchronous call for embedders on a hot path (benchmarks, block application). */
  callSync(request: CallRequest): CallResult {
    return this.executor.execute(request);
  }
}
