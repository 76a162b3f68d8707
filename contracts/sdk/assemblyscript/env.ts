// Host imports (module `env`), names and wasm signatures exactly as ../shared/ABI.md §4 lists them.
// Pointers and lengths are i32 (usize/u32 here), heights/amounts/versions i64.
// Only imports a contract actually calls end up in its wasm: AssemblyScript drops the rest.
//
// Return conventions differ by name (ABI.md §3): v1.1 functions (state_read, state_write,
// state_delete) return a length or -code; older WES names keep their WES behaviour, noted per line.

// ---- context (read-only) ----
// @ts-ignore: decorator
@external("env", "get_abi_version")
export declare function get_abi_version(): i32; // 0x00010100
// @ts-ignore: decorator
@external("env", "get_caller")
export declare function get_caller(out20: usize): i32; // 20
// @ts-ignore: decorator
@external("env", "get_contract_address")
export declare function get_contract_address(out20: usize): i32; // 20
// @ts-ignore: decorator
@external("env", "get_contract_init_params")
export declare function get_contract_init_params(buf: usize, cap: u32): i32; // full length; writes only if it fits
// @ts-ignore: decorator
@external("env", "get_block_height")
export declare function get_block_height(): i64;
// @ts-ignore: decorator
@external("env", "get_timestamp")
export declare function get_timestamp(): i64; // unix seconds of the block being built
// @ts-ignore: decorator
@external("env", "get_block_hash")
export declare function get_block_hash(height: i64, out32: usize): i32; // 32 or 0
// @ts-ignore: decorator
@external("env", "get_chain_id")
export declare function get_chain_id(out: usize): i32; // length (<= 64, no capacity argument)
// @ts-ignore: decorator
@external("env", "get_tx_hash")
export declare function get_tx_hash(out32: usize): i32; // 32
// @ts-ignore: decorator
@external("env", "get_tx_index")
export declare function get_tx_index(): i32;

// ---- UTXO queries ----
// @ts-ignore: decorator
@external("env", "query_utxo_balance")
export declare function query_utxo_balance(addr20: usize, tok: usize, tokLen: u32): i64;
// @ts-ignore: decorator
@external("env", "utxo_exists")
export declare function utxo_exists(txid: usize, txidLen: u32, index: u32): i32; // 1 / 0

// ---- state (v1.1: length or -code) ----
// @ts-ignore: decorator
@external("env", "state_read")
export declare function state_read(key: usize, klen: u32, out: usize, cap: u32): i32;
// @ts-ignore: decorator
@external("env", "state_write")
export declare function state_write(key: usize, klen: u32, val: usize, vlen: u32): i32; // 0 or -code
// @ts-ignore: decorator
@external("env", "state_delete")
export declare function state_delete(key: usize, klen: u32): i32; // 0 or -code
// @ts-ignore: decorator
@external("env", "get_state_version")
export declare function get_state_version(key: usize, klen: u32): i64; // 0 if absent

// ---- draft writes ----
// The 5-parameter (WES node) form of create_utxo_output: explicit recipient length. 0 = ok.
// @ts-ignore: decorator
@external("env", "create_utxo_output")
export declare function create_utxo_output(to: usize, toLen: u32, amount: i64, tok: usize, tokLen: u32): i32;
// The v1.1 receipt form: (json, len, receipt, cap). 0 = ok, otherwise a host error code.
// @ts-ignore: decorator
@external("env", "host_build_transaction")
export declare function host_build_transaction(json: usize, len: u32, receipt: usize, cap: u32): i32;
// @ts-ignore: decorator
@external("env", "emit_event")
export declare function emit_event(json: usize, len: u32): i32; // 0 ok / 1 fail
// @ts-ignore: decorator
@external("env", "set_return_data")
export declare function set_return_data(ptr: usize, len: u32): i32; // 0 ok; last call wins

// ---- pure helpers ----
// @ts-ignore: decorator
@external("env", "log_debug")
export declare function log_debug(ptr: usize, len: u32): i32;
// @ts-ignore: decorator
@external("env", "address_bytes_to_base58")
export declare function address_bytes_to_base58(addr20: usize, out: usize, max: u32): i32; // length or 0
// @ts-ignore: decorator
@external("env", "address_base58_to_bytes")
export declare function address_base58_to_bytes(str: usize, len: u32, out20: usize): i32; // 1 ok / 0 fail
