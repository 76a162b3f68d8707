/**
 * Gas cost table of wasm instructions. Changing any number here changes gas results on chain:
 * bump COST_TABLE_VERSION so no cache ever reuses code instrumented with older costs. (Host
 * functions' static gas is declared with each function; the cache key covers it through the
 * import table's fingerprint.) Calibrated against CPU time by bench/calibration.ts.
 */
import type { ImportTable } from '../abi/host-function.js';

export const COST_TABLE_VERSION = 3;

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

const ZERO_COST = new Set([0x01, 0x02, 0x03, 0x05, 0x0b]); // nop, block, loop, else, end: markers only
const LOADS_STORES_FROM = 0x28;
const LOADS_STORES_TO = 0x3e;
const EXPENSIVE_ARITH = new Map<number, number>([
  [0x6d, 8], [0x6e, 8], [0x6f, 8], [0x70, 8], // i32 div/rem
  [0x7f, 8], [0x80, 8], [0x81, 8], [0x82, 8], // i64 div/rem
  [0x6c, 2], [0x7e, 2], // mul
  [0x91, 8], [0x9f, 8], // sqrt
  [0x95, 4], [0xa3, 4], // fdiv
]);

export const DEFAULT_OPCODE_COSTS: OpcodeCosts = {
  version: COST_TABLE_VERSION,
  opcode: (op) => {
    if (ZERO_COST.has(op)) return 0;
    if (op >= LOADS_STORES_FROM && op <= LOADS_STORES_TO) return 2;
    if (op === 0x40) return 100; // memory.grow base (plus per page)
    return EXPENSIVE_ARITH.get(op) ?? 1;
  },
  prefixed: (sub) => (sub === 10 || sub === 11 ? 10 : 1),
  call: 5,
  callIndirect: 10,
  memoryGrowPerPage: 1_000n,
  bulkMemoryByteShift: 3n,
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
