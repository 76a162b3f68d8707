/** Host functions that read the fixed context of the call (ABI.md §4, "R" rows about the call). */
import { ABI_VERSION } from '../../../../pkg/types.js';
import { type EnvFunction, type HostBinding, envFunction } from './declare.js';

export const CONTEXT_FUNCTIONS: readonly EnvFunction[] = [
  envFunction({
    name: 'get_abi_version',
    signatures: ['->i'],
    gas: { base: 200, neutral: true },
    impl: (): number => ABI_VERSION,
  }),
  envFunction({
    name: 'get_caller',
    signatures: ['i->i'],
    gas: { base: 800, neutral: true },
    impl: (b: HostBinding, out: number): number => {
      b.memory.write(out, b.call().context.caller, 'get_caller');
      return 20;
    },
  }),
  envFunction({
    name: 'get_contract_address',
    signatures: ['i->i'],
    gas: { base: 1_100, neutral: true },
    impl: (b: HostBinding, out: number): number => {
      b.memory.write(out, b.call().contract, 'get_contract_address');
      return 20;
    },
  }),
  envFunction({
    name: 'get_contract_init_params',
    signatures: ['ii->i'],
    gas: { base: 3_700 },
    impl: (b: HostBinding, buf: number, cap: number): number => {
      const payload = b.call().payload;
      // WES behaviour: return the full length, write only if it fits (the caller retries).
      if (payload.length <= cap >>> 0) {
        b.gas.chargeBytes(payload.length, 'get_contract_init_params');
        b.memory.write(buf, payload, 'get_contract_init_params');
      }
      return payload.length;
    },
  }),
  envFunction({
    name: 'get_block_height',
    signatures: ['->I'],
    gas: { base: 400, neutral: true },
    impl: (b: HostBinding): bigint => b.call().context.blockHeight,
  }),
  envFunction({
    name: 'get_timestamp',
    signatures: ['->I'],
    gas: { base: 400, neutral: true },
    impl: (b: HostBinding): bigint => b.call().context.blockTimestamp,
  }),
  envFunction({
    name: 'get_block_timestamp',
    signatures: ['->I'],
    gas: { base: 400, neutral: true },
    impl: (b: HostBinding): bigint => b.call().context.blockTimestamp,
  }),
];
