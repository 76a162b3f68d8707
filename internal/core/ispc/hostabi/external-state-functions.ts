/**
 * ISPC controlled external state (ABI.md §4): the three names must link so WES contracts load,
 * but the mechanism is not designed yet. They answer NotImplemented with the WES value 5006,
 * which every caller of these (old) names expects.
 */
import { HostErrorCode } from '../../../../pkg/types.js';
import type { HostFn } from '../../engines/wasm/abi/registry.js';

const notImplemented: HostFn = () => HostErrorCode.NotImplemented;

export const EXTERNAL_STATE_FUNCTIONS: Readonly<Record<string, HostFn>> = {
  host_declare_external_state: notImplemented,
  host_provide_evidence: notImplemented,
  host_query_controlled_state: notImplemented,
};
