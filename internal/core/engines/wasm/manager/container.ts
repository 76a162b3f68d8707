/**
 * Composition root of the engine: the one place that wires the four services together.
 * Each engine gets its own child container, so two engines never share caches or pools.
 */
import 'reflect-metadata';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { engineConfig, type EngineConfig } from '../../../../../pkg/config.js';
import { ENV_MODULE, WASI_MODULE } from '../../../../../pkg/abi.js';
import { TOKENS } from '../../../../../pkg/tokens.js';
import { HostFunctionRegistry } from '../abi/registry.js';
import { CompileCache } from '../loader/compile-cache.js';
import { ContractLoader } from '../loader/loader.js';
import { WasmRuntime } from '../runtime/runtime.js';
import { checkNativeStack } from '../runtime/native-stack-check.js';
import { WASI_FUNCTIONS } from '../runtime/wasi-shim.js';
import { ContractExecutor } from '../engine/executor.js';
import { ENV_FUNCTIONS } from '../../../ispc/hostabi/index.js';
import { WasmEngineManager } from './engine-manager.js';

export interface EngineOptions {
  readonly config?: EngineConfig;
  /** Extra or replacement host functions (tests, embedders). */
  readonly configureHostFunctions?: (registry: HostFunctionRegistry) => void;
}

export function createEngineContainer(options: EngineOptions = {}): DependencyContainer {
  const c = rootContainer.createChildContainer();
  const config = options.config ?? engineConfig();
  // Here, not only in WasmRuntime: tsyringe would wrap the typed CONFIG_ error in a plain Error.
  checkNativeStack(config.limits);
  const registry = new HostFunctionRegistry().registerAll(WASI_MODULE, WASI_FUNCTIONS).registerAll(ENV_MODULE, ENV_FUNCTIONS);
  options.configureHostFunctions?.(registry);
  c.register(TOKENS.EngineConfig, { useValue: config });
  c.register(TOKENS.CompileCache, { useValue: new CompileCache(config.cache.memoryEntries, config.cache.diskDir, config.cache.diskBudgetBytes) });
  c.register(TOKENS.HostAbi, { useValue: registry });
  c.registerSingleton(TOKENS.Loader, ContractLoader);
  c.registerSingleton(TOKENS.Runtime, WasmRuntime);
  c.registerSingleton(TOKENS.Executor, ContractExecutor);
  c.registerSingleton(TOKENS.WASMEngine, WasmEngineManager);
  return c;
}

export function createEngine(options: EngineOptions = {}): WasmEngineManager {
  return createEngineContainer(options).resolve<WasmEngineManager>(TOKENS.WASMEngine);
}
