/**
 * The `env` declarations against the published ABI (ABI.md §4): every name, every signature,
 * nothing extra; and the properties the engine derives from them (import check, static gas).
 */
import { describe, expect, it } from 'vitest';
import { ENV_FUNCTIONS } from '../../../internal/core/ispc/hostabi/index.js';
import { WASI_FUNCTIONS } from '../../../internal/core/engines/wasm/runtime/wasi-shim.js';
import { nodeHostAbi } from '../../../internal/core/engines/wasm/manager/container.js';
import { costTableFor } from '../../../internal/core/engines/wasm/loader/cost-table.js';
import { HostAbi } from '../../../internal/core/engines/wasm/abi/host-abi.js';

/** ABI.md §4, as published: name -> accepted signatures. */
const ABI_ENV_SIGNATURES: Readonly<Record<string, readonly string[]>> = {
  get_abi_version: ['->i'],
  get_caller: ['i->i'],
  get_contract_address: ['i->i'],
  get_contract_init_params: ['ii->i'],
  get_block_height: ['->I'],
  get_timestamp: ['->I'],
  get_block_timestamp: ['->I'],
  get_block_hash: ['Ii->i'],
  get_merkle_root: ['Ii->i'],
  get_state_root: ['Ii->i'],
  get_miner_address: ['Ii->i'],
  get_chain_id: ['i->i'],
  get_tx_hash: ['i->i'],
  get_transaction_id: ['i->i'],
  get_tx_index: ['->i'],
  query_utxo_balance: ['iii->I'],
  utxo_lookup: ['iiiii->i'],
  utxo_lookup_json: ['iiiii->i'],
  utxo_exists: ['iii->i'],
  resource_lookup: ['iiii->i'],
  resource_lookup_json: ['iiii->i'],
  resource_exists: ['ii->i'],
  state_get: ['iiii->i'],
  state_exists: ['ii->i'],
  state_set: ['iiii->i'],
  state_read: ['iiii->i'],
  state_write: ['iiii->i'],
  state_delete: ['ii->i'],
  get_state_version: ['ii->I'],
  state_get_from_chain: ['iiiii->i'],
  append_state_output: ['iiIiiii->i'],
  create_utxo_output: ['iIii->i', 'iiIii->i'],
  create_asset_output_with_lock: ['iiIiiii->i'],
  append_asset_output: ['iiIiiii->i'],
  batch_create_outputs: ['ii->i'],
  append_resource_output: ['iiiiii->i', 'iiiiiiI->i'],
  append_tx_input: ['iiiiii->i'],
  host_build_transaction: ['iiii->i', 'iii->i'],
  emit_event: ['ii->i'],
  set_return_data: ['ii->i'],
  log_debug: ['ii->i'],
  address_bytes_to_base58: ['iii->i'],
  address_base58_to_bytes: ['iii->i'],
  malloc: ['i->i'],
  abort: ['iiii->'],
  host_declare_external_state: ['iiii->i'],
  host_provide_evidence: ['iiii->i'],
  host_query_controlled_state: ['iiii->i'],
};

describe('host function declarations', () => {
  it('declare exactly the env names and signatures of ABI.md §4', () => {
    const declared = Object.fromEntries(ENV_FUNCTIONS.map((f) => [f.name, f.signatures]));
    expect(declared).toEqual(ABI_ENV_SIGNATURES);
    expect(ENV_FUNCTIONS.every((f) => f.module === 'env')).toBe(true);
  });

  it('every declaration has a positive base gas, and neutral ones charge nothing per byte or item', () => {
    for (const f of [...ENV_FUNCTIONS, ...WASI_FUNCTIONS]) {
      expect(f.gas.base, f.name).toBeGreaterThan(0);
      if (f.gas.neutral) expect([f.gas.perByte ?? 0, f.gas.perItem ?? 0], f.name).toEqual([0, 0]);
    }
  });

  it('the cost table and the import check are derived from the declarations', () => {
    const abi = nodeHostAbi();
    const costs = costTableFor(abi);
    for (const f of abi.functions) {
      expect(costs.hostCall(`${f.module}.${f.name}`), f.name).toBe(f.gas.base);
      expect(costs.gasNeutral(`${f.module}.${f.name}`), f.name).toBe(f.gas.neutral === true);
      expect(abi.lookup(f.module, f.name)?.signatures).toEqual(f.signatures);
    }
    expect(abi.lookup('env', 'no_such_function')).toBeUndefined();
  });

  it('a change of any base gas changes the fingerprint (and so the compile-cache key)', () => {
    const abi = nodeHostAbi();
    const first = abi.functions[0]!;
    const cheaper = abi.with([{ ...first, gas: { ...first.gas, base: first.gas.base + 1 } }]);
    expect(cheaper.fingerprint).not.toBe(abi.fingerprint);
    expect(abi.with([first]).fingerprint).toBe(abi.fingerprint);
  });

  it('rejects a name declared twice', () => {
    const f = ENV_FUNCTIONS[0]!;
    expect(() => new HostAbi([f, f], nodeHostAbi().openState)).toThrow(/declared twice/);
  });
});
