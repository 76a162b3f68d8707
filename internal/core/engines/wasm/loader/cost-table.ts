/**
 * Gas cost table. Changing any number here changes gas results on chain: bump
 * COST_TABLE_VERSION so no cache ever reuses code instrumented with older costs.
 */
import { Op, OpFC, OpRange } from './opcodes.js';

export const COST_TABLE_VERSION = 4;

export interface CostTable {
  readonly version: number;
  /** Cost of one instruction by opcode (single-byte opcodes). */
  readonly opcode: (op: number) => number;
  /** Cost of a 0xFC-prefixed instruction by sub-opcode. */
  readonly prefixed: (sub: number) => number;
  readonly call: number;
  readonly callIndirect: number;
  /** Static part of calling an import, by "module.name" (host base gas). */
  readonly hostCall: (qualifiedName: string) => number;
  /** Host functions that never charge gas at run time (only their static base): calls to them skip the counter sync. */
  readonly gasNeutral: (qualifiedName: string) => boolean;
  readonly memoryGrowPerPage: bigint;
  /** Bulk memory (memory.copy / memory.fill) costs 1 gas per 2^shift bytes. */
  readonly bulkMemoryByteShift: bigint;
}

// nop, block, else, end: markers only. `loop` costs 1: its header is charged on every iteration
// (the back-edge jump), so no loop runs for free whatever its body.
const ZERO_COST = new Set<number>([Op.nop, Op.block, Op.else, Op.end]);
const EXPENSIVE_ARITH = new Map<number, number>([
  [Op.i32DivS, 8], [Op.i32DivU, 8], [Op.i32RemS, 8], [Op.i32RemU, 8],
  [Op.i64DivS, 8], [Op.i64DivU, 8], [Op.i64RemS, 8], [Op.i64RemU, 8],
  [Op.i32Mul, 2], [Op.i64Mul, 2],
  [Op.f32Sqrt, 8], [Op.f64Sqrt, 8],
  [Op.f32Div, 4], [Op.f64Div, 4],
]);

/**
 * Host functions whose whole cost is their static base: fixed-size results, no per-byte
 * charge (test/core/engines/wasm/gas-neutral.test.ts holds each to that).
 */
export const GAS_NEUTRAL_IMPORTS: ReadonlySet<string> = new Set([
  'env.get_abi_version',
  'env.get_caller',
  'env.get_contract_address',
  'env.get_block_height',
  'env.get_timestamp',
  'env.get_block_timestamp',
  'env.get_tx_index',
]);

/** Per-import base gas; anything not listed costs DEFAULT_HOST_CALL. */
const DEFAULT_HOST_CALL = 100;
const HOST_CALL_COSTS: Readonly<Record<string, number>> = {
  'env.get_abi_version': 10,
  'env.get_block_height': 20,
  'env.get_timestamp': 20,
  'env.get_block_timestamp': 20,
  'env.get_tx_index': 20,
  'env.malloc': 50,
  'env.state_get': 300,
  'env.state_read': 300,
  'env.state_exists': 200,
  'env.get_state_version': 200,
  'env.state_get_from_chain': 400,
  'env.state_set': 500,
  'env.state_write': 500,
  'env.state_delete': 300,
  'env.query_utxo_balance': 1_000,
  'env.utxo_lookup': 500,
  'env.utxo_lookup_json': 800,
  'env.host_build_transaction': 5_000,
  'env.batch_create_outputs': 1_000,
  'env.emit_event': 300,
  'env.utxo_exists': 300,
  'env.resource_lookup': 500,
  'env.resource_lookup_json': 800,
  'env.resource_exists': 300,
  'env.create_utxo_output': 1_000,
  'env.create_asset_output_with_lock': 1_000,
  'env.append_asset_output': 1_000,
  'env.append_state_output': 1_000,
  'env.append_resource_output': 1_000,
  'env.append_tx_input': 500,
  'env.get_block_hash': 200,
  'env.get_merkle_root': 200,
  'env.get_state_root': 200,
  'env.get_miner_address': 200,
  'env.address_bytes_to_base58': 300,
  'env.address_base58_to_bytes': 300,
  'wasi_snapshot_preview1.random_get': 50,
  'wasi_snapshot_preview1.fd_write': 100,
};

export const DEFAULT_COST_TABLE: CostTable = {
  version: COST_TABLE_VERSION,
  opcode: (op) => {
    if (ZERO_COST.has(op)) return 0;
    if (op >= OpRange.loadsFirst && op <= OpRange.storesLast) return 2;
    if (op === Op.memoryGrow) return 100; // base (plus per page)
    return EXPENSIVE_ARITH.get(op) ?? 1;
  },
  prefixed: (sub) => (sub === OpFC.memoryCopy || sub === OpFC.memoryFill ? 10 : 1),
  call: 5,
  callIndirect: 10,
  hostCall: (name) => HOST_CALL_COSTS[name] ?? DEFAULT_HOST_CALL,
  gasNeutral: (name) => GAS_NEUTRAL_IMPORTS.has(name),
  memoryGrowPerPage: 1_000n,
  bulkMemoryByteShift: 3n,
};

/** Per-byte gas for data a host function copies in or out (ABI.md §2). */
export const HOST_GAS_PER_BYTE = 1;
