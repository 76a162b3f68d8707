/**
 * Composition root of the engine: the one place that wires the four services together and
 * plugs in the host layer (the ispc host functions and their per-call DraftBuilder). Each
 * engine gets its own child container, so two engines never share caches or pools.
 */
import 'reflect-metadata';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { engineConfig, type EngineConfig } from '../../../../../pkg/config.js';
import { TOKENS } from '../../../../../pkg/tokens.js';
import { HostAbi } from '../abi/host-abi.js';
import type { HostFunction } from '../abi/host-function.js';
import { CompileCache } from '../loader/compile-cache.js';
import { ContractLoader } from '../loader/loader.js';
import { WasmRuntime } from '../runtime/runtime.js';
import { checkNativeStack } from '../runtime/native-stack-check.js';
import { WASI_FUNCTIONS } from '../runtime/wasi-shim.js';
import { ContractExecutor } from '../engine/executor.js';
// The one place the concrete host layer is plugged into the engine (test/core/engines/wasm/dependency-direction.test.ts).
import { ENV_FUNCTIONS } from '../../../ispc/hostabi/index.js';
import { DraftBuilder } from '../../../ispc/draft/draft-builder.js';
import { WasmEngineManager } from './engine-manager.js';

export interface EngineOptions {
  readonly config?: EngineConfig;
  /** Extra or replacement host functions (tests, embedders), replacing declarations of the same name. */
  readonly hostFunctions?: readonly HostFunction<DraftBuilder>[];
}

/** The host ABI of the node: WASI plus the ispc `env` functions, one DraftBuilder per call. */
function defaultHostAbi(): HostAbi<DraftBuilder> {
  return new HostAbi<DraftBuilder>([...WASI_FUNCTIONS, ...ENV_FUNCTIONS], (contract, caller) => new DraftBuilder(contract, caller));
}

let shared: HostAbi<DraftBuilder> | undefined;
/** One immutable instance for callers that only read the import table (CLI check/build, benches). */
export function nodeHostAbi(): HostAbi<DraftBuilder> {
  return (shared ??= defaultHostAbi());
}

export function createEngineContainer(options: EngineOptions = {}): DependencyContainer {
  const c = rootContainer.createChildContainer();
  const config = options.config ?? engineConfig();
  // Here, not only in WasmRuntime: tsyringe would wrap the typed CONFIG_ error in a plain Error.
  checkNativeStack(config.limits);
  const hostAbi = options.hostFunctions === undefined ? nodeHostAbi() : nodeHostAbi().with(options.hostFunctions);
  c.register(TOKENS.EngineConfig, { useValue: config });
  c.register(TOKENS.CompileCache, { useValue: new CompileCache(config.cache.memoryEntries, config.cache.diskDir, config.cache.diskBudgetBytes) });
  c.register(TOKENS.HostAbi, { useValue: hostAbi });
  c.registerSingleton(TOKENS.Loader, ContractLoader);
  c.registerSingleton(TOKENS.Runtime, WasmRuntime);
  c.registerSingleton(TOKENS.Executor, ContractExecutor);
  c.registerSingleton(TOKENS.WASMEngine, WasmEngineManager);
  return c;
}

export function createEngine(options: EngineOptions = {}): WasmEngineManager {
  return createEngineContainer(options).resolve<WasmEngineManager>(TOKENS.WASMEngine);
}
