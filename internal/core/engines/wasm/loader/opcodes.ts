/**
 * Names for every wasm opcode the loader reads or writes (wazero's instruction.go is the model):
 * the decoder and the emitter speak in these names, never in raw hex.
 */

/** Single-byte opcodes of the core instruction set (MVP + sign extension). */
export const Op = {
  unreachable: 0x00,
  nop: 0x01,
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  brTable: 0x0e,
  return: 0x0f,
  call: 0x10,
  callIndirect: 0x11,
  drop: 0x1a,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  globalGet: 0x23,
  globalSet: 0x24,
  i32Load: 0x28,
  i64Store32: 0x3e,
  memorySize: 0x3f,
  memoryGrow: 0x40,
  i32Const: 0x41,
  i64Const: 0x42,
  f32Const: 0x43,
  f64Const: 0x44,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32GtU: 0x4b,
  i64Eqz: 0x50,
  i64LtS: 0x53,
  f32Eq: 0x5b,
  f64Eq: 0x61,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i64Sub: 0x7d,
  i64Mul: 0x7e,
  i64ShrU: 0x88,
  i64ExtendI32U: 0xad,
  i64Extend32S: 0xc4,
  /** Prefix of the 0xFC family (saturating truncation, bulk memory, table ops). */
  prefixFC: 0xfc,
} as const;

/** Opcode ranges used for stack-effect and cost tables. */
export const OpRange = {
  loadsFirst: 0x28,
  loadsLast: 0x35,
  storesFirst: 0x36,
  storesLast: 0x3e,
  /** Last single-byte numeric opcode (i64.extend32_s). */
  numericLast: 0xc4,
} as const;

/** Sub-opcodes after the 0xFC prefix. */
export const OpFC = {
  i32TruncSatF32S: 0,
  i64TruncSatF64U: 7,
  memoryInit: 8,
  dataDrop: 9,
  memoryCopy: 10,
  memoryFill: 11,
  tableInit: 12,
} as const;

/** Value types and block types as encoded in the binary. */
export const ValType = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b, funcref: 0x70, externref: 0x6f } as const;
export const EMPTY_BLOCK_TYPE = 0x40;
/** The s33 value of the empty block type byte 0x40. */
export const EMPTY_BLOCK_S33 = -64;
export const FUNC_TYPE_FORM = 0x60;

/** f32 ops whose result may be a NaN with machine-dependent bits (arithmetic, sqrt, demote). */
export const F32_NAN_OPS: ReadonlySet<number> = new Set([0x8d, 0x8e, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0xb6]);
/** f64 ops whose result may be a NaN with machine-dependent bits (arithmetic, sqrt, promote). */
export const F64_NAN_OPS: ReadonlySet<number> = new Set([0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xbb]);

/** Opcodes of proposals the metering does not cover, with the feature they belong to. */
export const UNSUPPORTED_OPS: Readonly<Record<number, string>> = {
  0x06: 'exception handling', 0x07: 'exception handling', 0x08: 'exception handling', 0x09: 'exception handling',
  0x0a: 'exception handling', 0x18: 'exception handling', 0x19: 'exception handling', 0x1f: 'exception handling',
  0x12: 'tail calls', 0x13: 'tail calls', 0x14: 'typed function references', 0x15: 'typed function references',
  0x1c: 'reference types (typed select)', 0x25: 'reference types (table.get)', 0x26: 'reference types (table.set)',
  0xd0: 'reference types', 0xd1: 'reference types', 0xd2: 'reference types', 0xd3: 'typed function references',
  0xd4: 'typed function references', 0xd5: 'typed function references', 0xd6: 'typed function references',
  0xfb: 'garbage collection', 0xfd: 'SIMD', 0xfe: 'threads / atomics',
};

/** Operand-stack effect [pops, pushes] of opcodes whose effect does not depend on types; pops = -1: not listed. */
export const EFFECT_POPS = new Int8Array(256).fill(-1);
export const EFFECT_PUSHES = new Int8Array(256);
function effect(from: number, to: number, pops: number, pushes: number): void {
  for (let op = from; op <= to; op++) {
    EFFECT_POPS[op] = pops;
    EFFECT_PUSHES[op] = pushes;
  }
}
effect(Op.nop, Op.nop, 0, 0);
effect(Op.drop, Op.drop, 1, 0);
effect(Op.select, Op.select, 3, 1);
effect(Op.localGet, Op.localGet, 0, 1);
effect(Op.localSet, Op.localSet, 1, 0);
effect(Op.localTee, Op.localTee, 1, 1);
effect(Op.globalGet, Op.globalGet, 0, 1);
effect(Op.globalSet, Op.globalSet, 1, 0);
effect(OpRange.loadsFirst, OpRange.loadsLast, 1, 1);
effect(OpRange.storesFirst, OpRange.storesLast, 2, 0);
effect(Op.memorySize, Op.memorySize, 0, 1);
effect(Op.memoryGrow, Op.memoryGrow, 1, 1);
effect(Op.i32Const, Op.f64Const, 0, 1);
effect(0x45, 0x45, 1, 1); // i32.eqz
effect(0x46, 0x4f, 2, 1); // i32 compare
effect(0x50, 0x50, 1, 1); // i64.eqz
effect(0x51, 0x66, 2, 1); // i64/f32/f64 compare
effect(0x67, 0x69, 1, 1); // i32 unary
effect(0x6a, 0x78, 2, 1); // i32 binary
effect(0x79, 0x7b, 1, 1); // i64 unary
effect(0x7c, 0x8a, 2, 1); // i64 binary
effect(0x8b, 0x91, 1, 1); // f32 unary
effect(0x92, 0x98, 2, 1); // f32 binary
effect(0x99, 0x9f, 1, 1); // f64 unary
effect(0xa0, 0xa6, 2, 1); // f64 binary
effect(0xa7, OpRange.numericLast, 1, 1); // conversions, reinterpretations, sign extension
