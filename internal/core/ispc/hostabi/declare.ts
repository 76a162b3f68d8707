/**
 * The host layer's view of the engine's generic host-function types, bound to its per-call
 * state (the DraftBuilder), and `envFunction`, the one way an `env` host function is declared:
 * name, wasm signatures, gas, limits and implementation in one literal beside the code.
 */
import { ENV_MODULE } from '../../../../pkg/abi.js';
import type { CallState as EngineCallState, HostBinding as EngineHostBinding } from '../../engines/wasm/abi/host-binding.js';
import type { HostFn as EngineHostFn, HostFunction } from '../../engines/wasm/abi/host-function.js';
import type { DraftBuilder } from '../draft/draft-builder.js';

export type HostBinding = EngineHostBinding<DraftBuilder>;
export type CallState = EngineCallState<DraftBuilder>;
export type HostFn = EngineHostFn<DraftBuilder>;
export type EnvFunction = HostFunction<DraftBuilder>;

export function envFunction(decl: Omit<EnvFunction, 'module'>): EnvFunction {
  return { module: ENV_MODULE, ...decl };
}
