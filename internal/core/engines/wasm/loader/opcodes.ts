/**
 * Names for every wasm opcode the loader reads or writes (wazero's instruction.go is the model):
 * the decoder and the emitter speak in these names, never in raw hex.
 */

/** Every single-byte opcode of the core instruction set the engine supports (MVP + sign extension). */
export const Op = {
  unreachable: 0x00, // unreachable
  nop: 0x01, // nop
  block: 0x02, // block
  loop: 0x03, // loop
  if: 0x04, // if
  else: 0x05, // else
  end: 0x0b, // end
  br: 0x0c, // br
  brIf: 0x0d, // br_if
  brTable: 0x0e, // br_table
  return: 0x0f, // return
  call: 0x10, // call
  callIndirect: 0x11, // call_indirect
  drop: 0x1a, // drop
  select: 0x1b, // select
  localGet: 0x20, // local.get
  localSet: 0x21, // local.set
  localTee: 0x22, // local.tee
  globalGet: 0x23, // global.get
  globalSet: 0x24, // global.set
  i32Load: 0x28, // i32.load
  i64Load: 0x29, // i64.load
  f32Load: 0x2a, // f32.load
  f64Load: 0x2b, // f64.load
  i32Load8S: 0x2c, // i32.load8_s
  i32Load8U: 0x2d, // i32.load8_u
  i32Load16S: 0x2e, // i32.load16_s
  i32Load16U: 0x2f, // i32.load16_u
  i64Load8S: 0x30, // i64.load8_s
  i64Load8U: 0x31, // i64.load8_u
  i64Load16S: 0x32, // i64.load16_s
  i64Load16U: 0x33, // i64.load16_u
  i64Load32S: 0x34, // i64.load32_s
  i64Load32U: 0x35, // i64.load32_u
  i32Store: 0x36, // i32.store
  i64Store: 0x37, // i64.store
  f32Store: 0x38, // f32.store
  f64Store: 0x39, // f64.store
  i32Store8: 0x3a, // i32.store8
  i32Store16: 0x3b, // i32.store16
  i64Store8: 0x3c, // i64.store8
  i64Store16: 0x3d, // i64.store16
  i64Store32: 0x3e, // i64.store32
  memorySize: 0x3f, // memory.size
  memoryGrow: 0x40, // memory.grow
  i32Const: 0x41, // i32.const
  i64Const: 0x42, // i64.const
  f32Const: 0x43, // f32.const
  f64Const: 0x44, // f64.const
  i32Eqz: 0x45, // i32.eqz
  i32Eq: 0x46, // i32.eq
  i32Ne: 0x47, // i32.ne
  i32LtS: 0x48, // i32.lt_s
  i32LtU: 0x49, // i32.lt_u
  i32GtS: 0x4a, // i32.gt_s
  i32GtU: 0x4b, // i32.gt_u
  i32LeS: 0x4c, // i32.le_s
  i32LeU: 0x4d, // i32.le_u
  i32GeS: 0x4e, // i32.ge_s
  i32GeU: 0x4f, // i32.ge_u
  i64Eqz: 0x50, // i64.eqz
  i64Eq: 0x51, // i64.eq
  i64Ne: 0x52, // i64.ne
  i64LtS: 0x53, // i64.lt_s
  i64LtU: 0x54, // i64.lt_u
  i64GtS: 0x55, // i64.gt_s
  i64GtU: 0x56, // i64.gt_u
  i64LeS: 0x57, // i64.le_s
  i64LeU: 0x58, // i64.le_u
  i64GeS: 0x59, // i64.ge_s
  i64GeU: 0x5a, // i64.ge_u
  f32Eq: 0x5b, // f32.eq
  f32Ne: 0x5c, // f32.ne
  f32Lt: 0x5d, // f32.lt
  f32Gt: 0x5e, // f32.gt
  f32Le: 0x5f, // f32.le
  f32Ge: 0x60, // f32.ge
  f64Eq: 0x61, // f64.eq
  f64Ne: 0x62, // f64.ne
  f64Lt: 0x63, // f64.lt
  f64Gt: 0x64, // f64.gt
  f64Le: 0x65, // f64.le
  f64Ge: 0x66, // f64.ge
  i32Clz: 0x67, // i32.clz
  i32Ctz: 0x68, // i32.ctz
  i32Popcnt: 0x69, // i32.popcnt
  i32Add: 0x6a, // i32.add
  i32Sub: 0x6b, // i32.sub
  i32Mul: 0x6c, // i32.mul
  i32DivS: 0x6d, // i32.div_s
  i32DivU: 0x6e, // i32.div_u
  i32RemS: 0x6f, // i32.rem_s
  i32RemU: 0x70, // i32.rem_u
  i32And: 0x71, // i32.and
  i32Or: 0x72, // i32.or
  i32Xor: 0x73, // i32.xor
  i32Shl: 0x74, // i32.shl
  i32ShrS: 0x75, // i32.shr_s
  i32ShrU: 0x76, // i32.shr_u
  i32Rotl: 0x77, // i32.rotl
  i32Rotr: 0x78, // i32.rotr
  i64Clz: 0x79, // i64.clz
  i64Ctz: 0x7a, // i64.ctz
  i64Popcnt: 0x7b, // i64.popcnt
  i64Add: 0x7c, // i64.add
  i64Sub: 0x7d, // i64.sub
  i64Mul: 0x7e, // i64.mul
  i64DivS: 0x7f, // i64.div_s
  i64DivU: 0x80, // i64.div_u
  i64RemS: 0x81, // i64.rem_s
  i64RemU: 0x82, // i64.rem_u
  i64And: 0x83, // i64.and
  i64Or: 0x84, // i64.or
  i64Xor: 0x85, // i64.xor
  i64Shl: 0x86, // i64.shl
  i64ShrS: 0x87, // i64.shr_s
  i64ShrU: 0x88, // i64.shr_u
  i64Rotl: 0x89, // i64.rotl
  i64Rotr: 0x8a, // i64.rotr
  f32Abs: 0x8b, // f32.abs
  f32Neg: 0x8c, // f32.neg
  f32Ceil: 0x8d, // f32.ceil
  f32Floor: 0x8e, // f32.floor
  f32Trunc: 0x8f, // f32.trunc
  f32Nearest: 0x90, // f32.nearest
  f32Sqrt: 0x91, // f32.sqrt
  f32Add: 0x92, // f32.add
  f32Sub: 0x93, // f32.sub
  f32Mul: 0x94, // f32.mul
  f32Div: 0x95, // f32.div
  f32Min: 0x96, // f32.min
  f32Max: 0x97, // f32.max
  f32Copysign: 0x98, // f32.copysign
  f64Abs: 0x99, // f64.abs
  f64Neg: 0x9a, // f64.neg
  f64Ceil: 0x9b, // f64.ceil
  f64Floor: 0x9c, // f64.floor
  f64Trunc: 0x9d, // f64.trunc
  f64Nearest: 0x9e, // f64.nearest
  f64Sqrt: 0x9f, // f64.sqrt
  f64Add: 0xa0, // f64.add
  f64Sub: 0xa1, // f64.sub
  f64Mul: 0xa2, // f64.mul
  f64Div: 0xa3, // f64.div
  f64Min: 0xa4, // f64.min
  f64Max: 0xa5, // f64.max
  f64Copysign: 0xa6, // f64.copysign
  i32WrapI64: 0xa7, // i32.wrap_i64
  i32TruncF32S: 0xa8, // i32.trunc_f32_s
  i32TruncF32U: 0xa9, // i32.trunc_f32_u
  i32TruncF64S: 0xaa, // i32.trunc_f64_s
  i32TruncF64U: 0xab, // i32.trunc_f64_u
  i64ExtendI32S: 0xac, // i64.extend_i32_s
  i64ExtendI32U: 0xad, // i64.extend_i32_u
  i64TruncF32S: 0xae, // i64.trunc_f32_s
  i64TruncF32U: 0xaf, // i64.trunc_f32_u
  i64TruncF64S: 0xb0, // i64.trunc_f64_s
  i64TruncF64U: 0xb1, // i64.trunc_f64_u
  f32ConvertI32S: 0xb2, // f32.convert_i32_s
  f32ConvertI32U: 0xb3, // f32.convert_i32_u
  f32ConvertI64S: 0xb4, // f32.convert_i64_s
  f32ConvertI64U: 0xb5, // f32.convert_i64_u
  f32DemoteF64: 0xb6, // f32.demote_f64
  f64ConvertI32S: 0xb7, // f64.convert_i32_s
  f64ConvertI32U: 0xb8, // f64.convert_i32_u
  f64ConvertI64S: 0xb9, // f64.convert_i64_s
  f64ConvertI64U: 0xba, // f64.convert_i64_u
  f64PromoteF32: 0xbb, // f64.promote_f32
  i32ReinterpretF32: 0xbc, // i32.reinterpret_f32
  i64ReinterpretF64: 0xbd, // i64.reinterpret_f64
  f32ReinterpretI32: 0xbe, // f32.reinterpret_i32
  f64ReinterpretI64: 0xbf, // f64.reinterpret_i64
  i32Extend8S: 0xc0, // i32.extend8_s
  i32Extend16S: 0xc1, // i32.extend16_s
  i64Extend8S: 0xc2, // i64.extend8_s
  i64Extend16S: 0xc3, // i64.extend16_s
  i64Extend32S: 0xc4, // i64.extend32_s
  /** Prefix of the 0xFC family (saturating truncation, bulk memory, table ops). */
  prefixFC: 0xfc,
} as const;

/** Opcode ranges used for stack-effect and cost tables. */
export const OpRange = {
  loadsFirst: Op.i32Load,
  loadsLast: Op.i64Load32U,
  storesFirst: Op.i32Store,
  storesLast: Op.i64Store32,
} as const;

/** Sub-opcodes after the 0xFC prefix. */
export const OpFC = {
  i32TruncSatF32S: 0, // i32.trunc_sat_f32_s
  i32TruncSatF32U: 1, // i32.trunc_sat_f32_u
  i32TruncSatF64S: 2, // i32.trunc_sat_f64_s
  i32TruncSatF64U: 3, // i32.trunc_sat_f64_u
  i64TruncSatF32S: 4, // i64.trunc_sat_f32_s
  i64TruncSatF32U: 5, // i64.trunc_sat_f32_u
  i64TruncSatF64S: 6, // i64.trunc_sat_f64_s
  i64TruncSatF64U: 7, // i64.trunc_sat_f64_u
  memoryInit: 8, // memory.init
  dataDrop: 9, // data.drop
  memoryCopy: 10, // memory.copy
  memoryFill: 11, // memory.fill
  tableInit: 12, // table.init
  elemDrop: 13, // elem.drop
  tableCopy: 14, // table.copy
  tableGrow: 15, // table.grow
  tableSize: 16, // table.size
  tableFill: 17, // table.fill
} as const;

/** Value types and block types as encoded in the binary. */
export const ValType = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b, funcref: 0x70, externref: 0x6f } as const;
export const EMPTY_BLOCK_TYPE = 0x40;
/** The s33 value of the empty block type byte 0x40. */
export const EMPTY_BLOCK_S33 = -64;
export const FUNC_TYPE_FORM = 0x60;

/** f32 ops whose result may be a NaN with machine-dependent bits (arithmetic, sqrt, demote). */
export const F32_NAN_OPS: ReadonlySet<number> = new Set([
  Op.f32Ceil, Op.f32Floor, Op.f32Trunc, Op.f32Nearest, Op.f32Sqrt, Op.f32Add, Op.f32Sub, Op.f32Mul, Op.f32Div, Op.f32Min, Op.f32Max, Op.f32DemoteF64,
]);
/** f64 ops whose result may be a NaN with machine-dependent bits (arithmetic, sqrt, promote). */
export const F64_NAN_OPS: ReadonlySet<number> = new Set([
  Op.f64Ceil, Op.f64Floor, Op.f64Trunc, Op.f64Nearest, Op.f64Sqrt, Op.f64Add, Op.f64Sub, Op.f64Mul, Op.f64Div, Op.f64Min, Op.f64Max, Op.f64PromoteF32,
]);

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
effect(Op.i32Eqz, Op.i32Eqz, 1, 1);
effect(Op.i32Eq, Op.i32GeU, 2, 1);
effect(Op.i64Eqz, Op.i64Eqz, 1, 1);
effect(Op.i64Eq, Op.f64Ge, 2, 1); // i64, f32, f64 comparisons
effect(Op.i32Clz, Op.i32Popcnt, 1, 1);
effect(Op.i32Add, Op.i32Rotr, 2, 1);
effect(Op.i64Clz, Op.i64Popcnt, 1, 1);
effect(Op.i64Add, Op.i64Rotr, 2, 1);
effect(Op.f32Abs, Op.f32Sqrt, 1, 1);
effect(Op.f32Add, Op.f32Copysign, 2, 1);
effect(Op.f64Abs, Op.f64Sqrt, 1, 1);
effect(Op.f64Add, Op.f64Copysign, 2, 1);
effect(Op.i32WrapI64, Op.i64Extend32S, 1, 1); // conversions, reinterpretations, sign extension
