/**
 * The contract's state as one call sees it: this call's own pending writes and StateOutputs
 * first, then the contract's committed state (namespaced by contract address). Versions grow by
 * one per write, counting from whichever of the two is current.
 */
import type { StateEntry } from '../../../../pkg/ports.js';
import { type CallState } from './declare.js';

export interface StateLookup {
  /** Current value, undefined when absent or deleted. */
  readonly value: Uint8Array | undefined;
  /** Version of the current value (or of the delete); 0n when the key never existed. */
  readonly version: bigint;
}

export function committedState(call: CallState, key: Uint8Array): StateEntry | undefined {
  return call.context.chain.state.get(call.contract, key);
}

export function lookupState(call: CallState, key: Uint8Array): StateLookup {
  const pending = call.draft.pendingState(key);
  if (pending !== undefined) return { value: pending.value, version: pending.version };
  const committed = committedState(call, key);
  return committed === undefined ? { value: undefined, version: 0n } : { value: committed.value, version: committed.version };
}

/** Records a write (value) or delete (undefined) with version = previous + 1. */
export function writeState(call: CallState, key: Uint8Array, value: Uint8Array | undefined): bigint {
  const version = lookupState(call, key).version + 1n;
  call.draft.writeState(key, value, version);
  return version;
}
