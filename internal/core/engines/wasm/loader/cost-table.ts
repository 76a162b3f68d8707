/**
 * Gas cost table of wasm instructions. Changing any number here changes gas results on chain:
 * bump COST_TABLE_VERSION so no cache ever reuses code instrumented with older costs. (Host
 * functions' static gas is declared with each function; the cache key covers it through the
 * import table's fingerprint.) Calibrated against CPU time by bench/calibration.ts.
 */
import type { ImportTable } from '../abi/host-function.js';
import { Op } from './opcodes.js';

export const COST_TABLE_VERSION = 4;

/** What wasm instructions cost (the host functions' static gas comes from their declarations). */
export interface OpcodeCosts {
  readonly version: number;
  /** Cost of one instruction by opcode (single-byte opcodes). */
  readonly opcode: (op: number) => number;
  /** Cost of a 0xFC-prefixed instruction by sub-opcode. */
  readonly prefixed: (sub: number) => number;
  readonly call: number;
  readonly callIndirect: number;
  readonly memoryGrowPerPage: bigint;
  /** Bulk memory (memory.copy / memory.fill) costs 1 gas per 2^shift bytes. */
  readonly bulkMemoryByteShift: bigint;
}

/** The full table the metering pass reads: instruction costs plus each import's static gas. */
export interface CostTable extends OpcodeCosts {
  /** Static part of calling an import, by "module.name" (the host function's declared base gas). */
  readonly hostCall: (qualifiedName: string) => number;
  /** Host functions that never charge gas at run time (only their static base): calls to them skip the counter sync. */
  readonly gasNeutral: (qualifiedName: string) => boolean;
}

// nop, block, else, end: markers only. `loop` costs 1: its header is charged on every iteration
// (the back-edge jump), so no loop runs for free whatever its body.
const ZERO_COST = new Set<number>([Op.nop, Op.block, Op.else, Op.end]);
const LOADS_STORES_FROM = 0x28;
const LOADS_STORES_TO = 0x3e;

/**
 * Instructions dearer than 1 gas, calibrated by bench/calibration (ns per gas of a dependency
 * chain of each class against a plain i64 loop in the same run; see bench/RESULTS.md).
 */
const PRICED = new Map<number, number>([
  // Integer division: tens of cycles of latency.
  ...[0x6d, 0x6e, 0x6f, 0x70, 0x7f, 0x80, 0x81, 0x82].map((op): [number, number] => [op, 20]),
  [0x6c, 4], [0x7e, 4], // i32/i64 mul
  [0x1b, 3], [0x1c, 3], // select
  [0x0e, 5], // br_table
  // Float arithmetic (f32 0x92-0x98, f64 0xa0-0xa6): latency-bound chains of 4-cycle ops.
  ...[0x92, 0x93, 0x94, 0x96, 0x97, 0x98, 0xa0, 0xa1, 0xa2, 0xa4, 0xa5, 0xa6].map((op): [number, number] => [op, 12]),
  [0x95, 60], [0xa3, 60], // fdiv
  [0x91, 120], [0x9f, 120], // sqrt
  [0x8d, 8], [0x8e, 8], [0x8f, 8], [0x90, 8], [0x9b, 8], [0x9c, 8], [0x9d, 8], [0x9e, 8], // ceil/floor/trunc/nearest
  // Conversions between integers and floats (0xa8-0xbb, minus wrap/extend and reinterpret).
  ...[0xa8, 0xa9, 0xaa, 0xab, 0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb].map((op): [number, number] => [op, 30]),
]);

export const DEFAULT_OPCODE_COSTS: OpcodeCosts = {
  version: COST_TABLE_VERSION,
  opcode: (op) => {
    if (ZERO_COST.has(op)) return 0;
    if (op >= LOADS_STORES_FROM && op <= LOADS_STORES_TO) return 2;
    if (op === Op.memoryGrow) return 100; // base (plus per page)
    return PRICED.get(op) ?? 1;
  },
  // 0xFC: saturating truncations (0-7) are conversions; memory.copy/fill (10, 11) call into the
  // runtime (~20 ns even for a few bytes) before their per-byte part.
  prefixed: (sub) => (sub <= 7 ? 30 : sub === 10 || sub === 11 ? 130 : 10),
  call: 50,
  callIndirect: 120,
  // A grow may make V8 move the whole memory (µs per page, bench/calibration).
  memoryGrowPerPage: 25_000n,
  bulkMemoryByteShift: 1n,
};

function splitName(qualifiedName: string): [string, string] {
  const dot = qualifiedName.indexOf('.');
  return [qualifiedName.slice(0, dot), qualifiedName.slice(dot + 1)];
}

/** Instruction costs joined with the static gas the host functions declare (ImportTable). */
export function costTableFor(imports: ImportTable, opcodes: OpcodeCosts = DEFAULT_OPCODE_COSTS): CostTable {
  return {
    ...opcodes,
    // The loader rejects undeclared imports before metering, so the fallbacks are never used.
    hostCall: (name) => imports.lookup(...splitName(name))?.baseGas ?? 0,
    gasNeutral: (name) => imports.lookup(...splitName(name))?.gasNeutral ?? false,
  };
}

/** Per-byte gas for data a host function copies in or out (ABI.md §2). */
export const HOST_GAS_PER_BYTE = 1;
