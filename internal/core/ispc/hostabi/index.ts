/** The `env` host functions (ABI.md §4) by name. Names not listed link to NotImplemented. */
import type { HostFn } from '../../engines/wasm/abi/registry.js';
import { CONTEXT_FUNCTIONS } from './context-functions.js';
import { OUTPUT_FUNCTIONS } from './output-functions.js';
import { RUNTIME_FUNCTIONS } from './runtime-functions.js';

export const ENV_FUNCTIONS: Readonly<Record<string, HostFn>> = {
  ...CONTEXT_FUNCTIONS,
  ...OUTPUT_FUNCTIONS,
  ...RUNTIME_FUNCTIONS,
};
