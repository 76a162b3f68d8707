/**
 * How a contract's state writes travel in a transaction: one StateOutput per written key, in the
 * draft's write order, carrying the real value (ABI.md §4: WES stored only a hash). The key is
 * the raw state id; its namespace is the transaction's ContractCall.contract, so a contract can
 * never write another's state. A delete is a StateOutput with no value and an empty hash.
 *
 * A WES-style StateOutput appended with append_state_output (no value, a 32-byte result hash)
 * sets the state to that hash — the same reading the draft's own state view gives it.
 */
import { sha256 } from '../../../pkg/hashes.js';
import type { StateWrite } from '../../../pkg/draft.js';
import type { StateContent, TxOutput } from '../../../pkg/model.js';
import type { Address } from '../../../pkg/types.js';

export function stateWriteOutput(contract: Address, w: StateWrite): TxOutput {
  const state: StateContent =
    w.value === undefined
      ? { stateId: w.key, version: w.version, executionResultHash: new Uint8Array(0), publicInputs: [] }
      : { stateId: w.key, version: w.version, executionResultHash: sha256(w.value), publicInputs: [], value: w.value };
  return { owner: contract, locks: [], content: { type: 'state', state } };
}

/** The state change a StateOutput makes: value undefined = delete. */
export function stateChangeOf(s: StateContent): StateWrite {
  if (s.value !== undefined) return { key: s.stateId, value: s.value, version: s.version };
  if (s.executionResultHash.length > 0) return { key: s.stateId, value: s.executionResultHash, version: s.version };
  return { key: s.stateId, value: undefined, version: s.version };
}
