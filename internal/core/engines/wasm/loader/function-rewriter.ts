/**
 * Writes one instrumented function body from its FunctionPlan: the original instructions are
 * copied verbatim between sites, and each site gets its gas / stack / NaN code through the
 * CodeEmitter. The engine's scratch locals are appended after the declared ones, so no index
 * the (range-checked) original code uses can reach them.
 */
import { CodeEmitter } from './code-emitter.js';
import { Site, type FunctionPlan } from './function-analysis.js';
import type { MeteringGlobals } from './metering.js';
import { ValType } from './opcodes.js';

const CANON_F32 = new Uint8Array([0x00, 0x00, 0xc0, 0x7f]);
const CANON_F64 = new Uint8Array([0, 0, 0, 0, 0, 0, 0xf8, 0x7f]);

export interface RewriteContext {
  readonly bytes: Uint8Array;
  readonly globals: MeteringGlobals;
  readonly maxStackSlots: number;
  readonly memoryGrowPerPage: bigint;
  readonly bulkMemoryByteShift: bigint;
  /** Writes the exit wrapper's block type for these results (may register a new type). */
  readonly wrapperBlockType: (results: readonly number[], w: CodeEmitter) => void;
}

/** Indices of the engine's scratch locals in one function. */
interface Scratch {
  readonly gas: number;
  readonly i32: number;
  readonly f32: number;
  readonly f64: number;
}

export class FunctionRewriter {
  private readonly w: CodeEmitter;
  private readonly local: Scratch;
  /** Regions actually charged (non-zero cost). */
  chargePoints = 0;

  constructor(
    private readonly ctx: RewriteContext,
    private readonly plan: FunctionPlan,
    /** Stack slots this function's frame costs. */
    private readonly frameCost: number,
  ) {
    this.w = new CodeEmitter(plan.funcEnd - plan.codeStart + 256);
    const base = plan.type.params.length + plan.localCount;
    this.local = { gas: base, i32: base + 1, f32: base + 2, f64: base + 3 };
  }

  rewrite(): Uint8Array {
    const { plan, w } = this;
    this.declareLocals();
    this.prologue();
    let copied = plan.codeStart;
    const src = this.ctx.bytes;
    for (let s = 0; s < plan.sitePos.length; s++) {
      const pos = plan.sitePos[s]!;
      const kind = plan.siteKind[s]!;
      const val = plan.siteVal[s]!;
      if (kind === Site.Charge && val === 0) continue;
      if (pos > copied) {
        w.bytes(src.subarray(copied, pos));
        copied = pos;
      }
      this.site(kind, val);
    }
    w.bytes(src.subarray(copied, plan.funcEnd));
    w.end(); // exit wrapper
    this.epilogue();
    w.end(); // function
    return w.finish();
  }

  /** Original local groups, then scratch: gas counter (i64), and i32/f32/f64 only when used. */
  private declareLocals(): void {
    const { plan, w } = this;
    const extra: [number, number][] = [[1, ValType.i64]];
    if (plan.needI32 || plan.needF32 || plan.needF64) extra.push([1, ValType.i32]);
    if (plan.needF32 || plan.needF64) extra.push([1, ValType.f32]);
    if (plan.needF64) extra.push([1, ValType.f64]);
    w.u32(plan.localGroups.length + extra.length);
    for (const [n, t] of plan.localGroups) w.u32(n).u8(t);
    for (const [n, t] of extra) w.u32(n).u8(t);
  }

  /** Stack-slot accounting, the gas local loaded from the global, and the exit wrapper block. */
  private prologue(): void {
    const { w, ctx } = this;
    const { depth, gas } = ctx.globals;
    w.globalGet(depth).i32Const(this.frameCost).i32Add().globalSet(depth);
    w.globalGet(depth).i32Const(ctx.maxStackSlots).i32GtU().ifVoid().unreachable().end();
    w.globalGet(gas).localSet(this.local.gas);
    w.block();
    ctx.wrapperBlockType(this.plan.type.results, w);
  }

  /** Publishes the counter and releases the frame's stack slots. */
  private epilogue(): void {
    const { w } = this;
    const { gas, depth } = this.ctx.globals;
    w.localGet(this.local.gas).globalSet(gas);
    w.globalGet(depth).i32Const(this.frameCost).i32Sub().globalSet(depth);
  }

  /** Traps when the counter is negative; the cold path publishes it first for the trap classifier. */
  private checkGas(): void {
    const { w } = this;
    const gasLocal = this.local.gas;
    w.i64Const(0).i64LtS().ifVoid().localGet(gasLocal).globalSet(this.ctx.globals.gas).unreachable().end();
  }

  private site(kind: Site, val: number): void {
    const { w } = this;
    const gasLocal = this.local.gas;
    const globals = this.ctx.globals;
    switch (kind) {
      case Site.Charge:
        this.chargePoints++;
        w.localGet(gasLocal).i64Const(val).i64Sub().localSet(gasLocal);
        return;
      case Site.CheckedCharge:
        // Loop header: no store to the global here; it measurably slows tight loops (+15–20% on
        // insertion sort). A trap inside a loop reports the gas published at entry or last call.
        this.chargePoints++;
        w.localGet(gasLocal).i64Const(val).i64Sub().localTee(gasLocal);
        this.checkGas();
        return;
      case Site.EntryCharge:
        // Always checked, even at zero cost: the caller's call cost was charged before it
        // synced, so recursion through functions with free entry regions is still stopped.
        if (val !== 0) {
          this.chargePoints++;
          w.localGet(gasLocal).i64Const(val).i64Sub().localTee(gasLocal).globalSet(globals.gas);
        } else {
          w.localGet(gasLocal).globalSet(globals.gas);
        }
        w.localGet(gasLocal);
        this.checkGas();
        return;
      case Site.SyncGas:
        w.localGet(gasLocal).globalSet(globals.gas);
        return;
      case Site.ReloadGas:
        w.globalGet(globals.gas).localSet(gasLocal);
        return;
      default:
        this.valueSite(kind);
    }
  }

  /** Sites that work on the value on top of the operand stack. */
  private valueSite(kind: Site): void {
    const { w, local } = this;
    switch (kind) {
      case Site.GrowCharge:
        this.chargeDynamic('mul', this.ctx.memoryGrowPerPage);
        return;
      case Site.GrowFlag:
        // stack: [result] -> [result]; flag a failed grow for the trap classifier.
        w.localTee(local.i32).i32Const(-1).i32Eq();
        w.ifVoid().i32Const(1).globalSet(this.ctx.globals.oom).end();
        w.localGet(local.i32);
        return;
      case Site.BulkCharge:
        this.chargeDynamic('shr', this.ctx.bulkMemoryByteShift);
        return;
      case Site.Return:
        this.epilogue();
        return;
      case Site.CanonF32:
        w.localTee(local.f32).f32Const(CANON_F32).localGet(local.f32).localGet(local.f32).f32Eq().select();
        return;
      case Site.CanonF64:
        w.localTee(local.f64).f64Const(CANON_F64).localGet(local.f64).localGet(local.f64).f64Eq().select();
        return;
    }
  }

  /** stack: [..., n] -> [..., n]; gas -= n * k (mul) or n >> k (shr). The next check catches a negative counter. */
  private chargeDynamic(how: 'mul' | 'shr', k: bigint): void {
    const { w, local } = this;
    w.localTee(local.i32).localGet(local.gas);
    w.localGet(local.i32).i64ExtendI32U().i64Const(k);
    if (how === 'mul') w.i64Mul();
    else w.i64ShrU();
    w.i64Sub().localSet(local.gas);
  }
}
