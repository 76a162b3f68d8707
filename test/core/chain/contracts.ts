/** WAT test contracts for the chain tests (compiled by test/helpers/wat.ts, nothing committed). */
import { wat } from '../../helpers/wat.js';

/**
 * mint      1000 "TOK" to the caller, ContractLock'd (the WES default for tokens); state
 *           "supply" := {"minted":1000}; emits that JSON as an event.
 * mintfree  500 "TOK" to the caller, locked to the caller's key (create_utxo_output).
 * withdraw  payload = txid(32) ‖ index u32le ‖ amount u64le: spends that UTXO (one this
 *           contract holds) and pays `amount` native coin to the caller.
 * stamp     state "stamp" := the block timestamp (8 bytes LE): differs per block.
 * relay     passes its payload (draft JSON) to host_build_transaction: whatever transfer intents
 *           the test writes, with the host's coin selection and change.
 * incr      state "count" := count + 1 (u64 LE): every caller writes the same key.
 * fail      returns EXECUTION_FAILED (6).
 */
export const VAULT_WAT = `(module
  (import "env" "get_caller" (func $caller (param i32) (result i32)))
  (import "env" "get_contract_init_params" (func $params (param i32 i32) (result i32)))
  (import "env" "append_asset_output" (func $asset (param i32 i32 i64 i32 i32 i32 i32) (result i32)))
  (import "env" "create_utxo_output" (func $out (param i32 i64 i32 i32) (result i32)))
  (import "env" "append_tx_input" (func $input (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "env" "state_set" (func $set (param i32 i32 i32 i32) (result i32)))
  (import "env" "emit_event" (func $event (param i32 i32) (result i32)))
  (import "env" "get_timestamp" (func $ts (result i64)))
  (import "env" "host_build_transaction" (func $build (param i32 i32 i32 i32) (result i32)))
  (import "env" "state_get" (func $get (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "TOK")
  (data (i32.const 110) "supply")
  (data (i32.const 120) "{\\"minted\\":1000}")
  (data (i32.const 140) "stamp")
  (data (i32.const 150) "count")
  (func (export "mint") (result i32)
    (drop (call $caller (i32.const 0)))
    (drop (call $asset (i32.const 0) (i32.const 20) (i64.const 1000) (i32.const 100) (i32.const 3) (i32.const 0) (i32.const 0)))
    (drop (call $set (i32.const 110) (i32.const 6) (i32.const 120) (i32.const 15)))
    (drop (call $event (i32.const 120) (i32.const 15)))
    (i32.const 0))
  (func (export "mintfree") (result i32)
    (drop (call $caller (i32.const 0)))
    (drop (call $out (i32.const 0) (i64.const 500) (i32.const 100) (i32.const 3)))
    (i32.const 0))
  (func (export "withdraw") (result i32)
    (drop (call $caller (i32.const 0)))
    (if (i32.ne (call $params (i32.const 200) (i32.const 64)) (i32.const 44)) (then (return (i32.const 1))))
    (if (i32.eq (call $input (i32.const 200) (i32.const 32) (i32.load (i32.const 232)) (i32.const 0) (i32.const 0) (i32.const 0)) (i32.const -1))
      (then (return (i32.const 4))))
    (drop (call $out (i32.const 0) (i64.load (i32.const 236)) (i32.const 0) (i32.const 0)))
    (i32.const 0))
  (func (export "stamp") (result i32)
    (i64.store (i32.const 300) (call $ts))
    (drop (call $set (i32.const 140) (i32.const 5) (i32.const 300) (i32.const 8)))
    (i32.const 0))
  (func (export "relay") (result i32)
    (local $n i32)
    (local.set $n (call $params (i32.const 1024) (i32.const 4096)))
    (if (i32.gt_u (local.get $n) (i32.const 4096)) (then (return (i32.const 1))))
    (if (i32.ne (call $build (i32.const 1024) (local.get $n) (i32.const 8192) (i32.const 4096)) (i32.const 0)) (then (return (i32.const 2))))
    (i32.const 0))
  (func (export "incr") (result i32)
    (i64.store (i32.const 400) (i64.const 0))
    (drop (call $get (i32.const 150) (i32.const 5) (i32.const 400) (i32.const 8)))
    (i64.store (i32.const 400) (i64.add (i64.load (i32.const 400)) (i64.const 1)))
    (drop (call $set (i32.const 150) (i32.const 5) (i32.const 400) (i32.const 8)))
    (i32.const 0))
  (func (export "fail") (result i32)
    (i32.const 6))
)`;

export function vaultCode(): Promise<Uint8Array> {
  return wat(VAULT_WAT);
}

export function withdrawPayload(txId: Uint8Array, index: number, amount: bigint): Uint8Array {
  const p = new Uint8Array(44);
  p.set(txId, 0);
  const dv = new DataView(p.buffer);
  dv.setUint32(32, index, true);
  dv.setBigUint64(36, amount, true);
  return p;
}
