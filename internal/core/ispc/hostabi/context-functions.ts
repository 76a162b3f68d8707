/** Host functions that read the fixed context of the call (ABI.md §4, "R" rows about the call). */
import { ABI_VERSION } from '../../../../pkg/types.js';
import type { HostBinding } from '../../engines/wasm/abi/host-binding.js';
import type { HostFn } from '../../engines/wasm/abi/registry.js';

export const CONTEXT_FUNCTIONS: Readonly<Record<string, HostFn>> = {
  get_abi_version: (): number => ABI_VERSION,

  get_caller: (b: HostBinding, out: number): number => {
    b.memory.write(out, b.call().context.caller, 'get_caller');
    return 20;
  },

  get_contract_address: (b: HostBinding, out: number): number => {
    b.memory.write(out, b.call().contract, 'get_contract_address');
    return 20;
  },

  get_contract_init_params: (b: HostBinding, buf: number, cap: number): number => {
    const payload = b.call().payload;
    // WES behaviour: return the full length, write only if it fits (the caller retries).
    if (payload.length <= cap >>> 0) {
      b.gas.chargeBytes(payload.length, 'get_contract_init_params');
      b.memory.write(buf, payload, 'get_contract_init_params');
    }
    return payload.length;
  },

  get_block_height: (b: HostBinding): bigint => b.call().context.blockHeight,
  get_timestamp: (b: HostBinding): bigint => b.call().context.blockTimestamp,
  get_block_timestamp: (b: HostBinding): bigint => b.call().context.blockTimestamp,
};
