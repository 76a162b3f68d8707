/**
 * ISPC controlled external state (ABI.md §4): the three names must link so WES contracts load,
 * but the mechanism is not designed yet. They answer NotImplemented with the WES value 5006,
 * which every caller of these (old) names expects.
 */
import { HostErrorCode } from '../../../../pkg/types.js';
import { type EnvFunction, type HostFn, envFunction } from './declare.js';

const notImplemented: HostFn = () => HostErrorCode.NotImplemented;

export const EXTERNAL_STATE_FUNCTIONS: readonly EnvFunction[] = [
  envFunction({
    name: 'host_declare_external_state',
    signatures: ['iiii->i'],
    gas: { base: 200 },
    impl: notImplemented,
  }),
  envFunction({
    name: 'host_provide_evidence',
    signatures: ['iiii->i'],
    gas: { base: 200 },
    impl: notImplemented,
  }),
  envFunction({
    name: 'host_query_controlled_state',
    signatures: ['iiii->i'],
    gas: { base: 200 },
    impl: notImplemented,
  }),
];
