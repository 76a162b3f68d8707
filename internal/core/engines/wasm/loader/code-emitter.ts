/**
 * A tiny instruction emitter: the rewriter writes `localGet(i)`, `i64Const(v)`, `i64Sub()`
 * instead of raw bytes. Only the instructions the instrumentation needs are here.
 */
import { ByteWriter } from './byte-reader.js';
import { EMPTY_BLOCK_TYPE, Op } from './opcodes.js';

export class CodeEmitter extends ByteWriter {
  private op(code: number): this {
    return this.u8(code);
  }

  localGet(i: number): this {
    return this.op(Op.localGet).u32(i);
  }
  localSet(i: number): this {
    return this.op(Op.localSet).u32(i);
  }
  localTee(i: number): this {
    return this.op(Op.localTee).u32(i);
  }
  globalGet(i: number): this {
    return this.op(Op.globalGet).u32(i);
  }
  globalSet(i: number): this {
    return this.op(Op.globalSet).u32(i);
  }

  i32Const(v: number): this {
    return this.op(Op.i32Const).s32(v);
  }
  /** i64.const of a safe integer (numbers keep BigInt off the hot path) or a bigint. */
  i64Const(v: number | bigint): this {
    this.op(Op.i64Const);
    return typeof v === 'bigint' ? this.s64(v) : this.s32(v);
  }
  /** f32.const / f64.const with the raw little-endian bits. */
  f32Const(bits: Uint8Array): this {
    return this.op(Op.f32Const).bytes(bits);
  }
  f64Const(bits: Uint8Array): this {
    return this.op(Op.f64Const).bytes(bits);
  }

  i32Add(): this {
    return this.op(Op.i32Add);
  }
  i32Sub(): this {
    return this.op(Op.i32Sub);
  }
  i32Eq(): this {
    return this.op(Op.i32Eq);
  }
  i32GtU(): this {
    return this.op(Op.i32GtU);
  }
  i64Sub(): this {
    return this.op(Op.i64Sub);
  }
  i64Mul(): this {
    return this.op(Op.i64Mul);
  }
  i64ShrU(): this {
    return this.op(Op.i64ShrU);
  }
  i64LtS(): this {
    return this.op(Op.i64LtS);
  }
  i64ExtendI32U(): this {
    return this.op(Op.i64ExtendI32U);
  }
  f32Eq(): this {
    return this.op(Op.f32Eq);
  }
  f64Eq(): this {
    return this.op(Op.f64Eq);
  }
  select(): this {
    return this.op(Op.select);
  }

  unreachable(): this {
    return this.op(Op.unreachable);
  }
  /** `if` with no params or results; close it with end(). */
  ifVoid(): this {
    return this.op(Op.if).u8(EMPTY_BLOCK_TYPE);
  }
  /** `block` whose type is written by the caller (value type byte or type index). */
  block(): this {
    return this.op(Op.block);
  }
  end(): this {
    return this.op(Op.end);
  }
}
