/**
 * Gas and stack metering by rewriting function bodies (our own small binary rewriter; only the
 * code section is decoded instruction by instruction).
 *
 * Gas: a function is cut into metered regions that start at function entry, at each loop
 * header, at the start of each if/else arm and right after each `end` of a block/loop/if —
 * i.e. at every branch target. Each region is charged its whole static cost on entry, so every
 * executed instruction is paid for (early exits through br_if overpay, deterministically). The
 * counter lives in a local (a register): straight-line regions only subtract; the counter is
 * checked where execution can repeat or deepen (function entry, loop headers), published to
 * the exported global before every call (callees and host functions spend from the global) and
 * at function entry, before every call and at exits, and reloaded after every call. Once
 * negative the counter never rises, so any overrun between checks ends as OutOfGas at the next
 * check, host charge or return (the runtime checks the global after a method returns). Traps
 * other than OutOfGas report the gas published at the last entry or call: deterministic, never
 * more than spent (fees are charged on the gas limit, not on gas used).
 *
 * Stack: each function costs its frame size in value slots (params + locals + max operand
 * stack + overhead), added to a global on entry and removed on exit; over the limit it traps.
 * This fails deep recursion at the same depth on every machine, long before V8's own limit.
 *
 * Floats: results of arithmetic that can produce NaN are canonicalised, so NaN bit patterns
 * never differ between machines. memory.grow reports failure through a flag global so the
 * runtime can tell a memory-cap trap from any other.
 */
import { LoadRule, ModuleRejectedError } from '../../../../../pkg/errors.js';
import { NATIVE_STACK, type EngineLimits } from '../../../../../pkg/config.js';
import { ByteReader, ByteWriter } from './byte-reader.js';
import { functionType, type FuncType, type ParsedModule } from './module-parser.js';
import type { CostTable } from './cost-table.js';

/** Slots charged per frame on top of params/locals/operands (return address, spills). */
export const FRAME_OVERHEAD_SLOTS = NATIVE_STACK.frameOverheadSlots;

/**
 * Frame cost in slots (pkg/config.ts NATIVE_STACK has the measurements): params and results are
 * counted twice — V8 keeps each in two places while the frame is live.
 */
export function frameCostSlots(params: number, results: number, locals: number, maxOperandHeight: number): number {
  return 2 * params + 2 * results + locals + maxOperandHeight + FRAME_OVERHEAD_SLOTS;
}

export interface MeteringGlobals {
  readonly gas: number;
  readonly depth: number;
  readonly oom: number;
}

export interface MeteringResult {
  /** New code section payload. */
  readonly codeSection: Uint8Array;
  /** Types appended to the type section (wrapper block types for multi-value functions). */
  readonly extraTypes: readonly FuncType[];
  /** Frame cost (slots) per defined function. */
  readonly frameCosts: readonly number[];
  readonly chargePoints: number;
}

const I32 = 0x7f;
const I64 = 0x7e;
const F32 = 0x7d;
const F64 = 0x7c;

/** Float ops whose result may be a NaN with machine-dependent bits. */
const F32_NAN_OPS = new Set([0x8d, 0x8e, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0xb6]);
const F64_NAN_OPS = new Set([0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xbb]);

// Simple stack effects: [pops, pushes] for opcodes with no type-dependent behaviour.
const EFFECT_POPS = new Int8Array(256).fill(-1);
const EFFECT_PUSHES = new Int8Array(256);
function effect(from: number, to: number, pops: number, pushes: number): void {
  for (let op = from; op <= to; op++) {
    EFFECT_POPS[op] = pops;
    EFFECT_PUSHES[op] = pushes;
  }
}
effect(0x01, 0x01, 0, 0); // nop
effect(0x1a, 0x1a, 1, 0); // drop
effect(0x1b, 0x1b, 3, 1); // select
effect(0x20, 0x20, 0, 1); // local.get
effect(0x21, 0x21, 1, 0); // local.set
effect(0x22, 0x22, 1, 1); // local.tee
effect(0x23, 0x23, 0, 1); // global.get
effect(0x24, 0x24, 1, 0); // global.set
effect(0x28, 0x35, 1, 1); // loads
effect(0x36, 0x3e, 2, 0); // stores
effect(0x3f, 0x3f, 0, 1); // memory.size
effect(0x40, 0x40, 1, 1); // memory.grow
effect(0x41, 0x44, 0, 1); // consts
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
effect(0xa7, 0xc4, 1, 1); // conversions, reinterpretations, sign extension

const UNSUPPORTED: Readonly<Record<number, string>> = {
  0x06: 'exception handling', 0x07: 'exception handling', 0x08: 'exception handling', 0x09: 'exception handling',
  0x0a: 'exception handling', 0x18: 'exception handling', 0x19: 'exception handling', 0x1f: 'exception handling',
  0x12: 'tail calls', 0x13: 'tail calls', 0x14: 'typed function references', 0x15: 'typed function references',
  0x1c: 'reference types (typed select)', 0x25: 'reference types (table.get)', 0x26: 'reference types (table.set)',
  0xd0: 'reference types', 0xd1: 'reference types', 0xd2: 'reference types', 0xd3: 'typed function references',
  0xd4: 'typed function references', 0xd5: 'typed function references', 0xd6: 'typed function references',
  0xfb: 'garbage collection', 0xfd: 'SIMD', 0xfe: 'threads / atomics',
};

const enum Site {
  Charge = 0,
  GrowCharge = 1,
  GrowFlag = 2,
  BulkCharge = 3,
  Return = 4,
  ReloadGas = 5,
  CanonF32 = 6,
  CanonF64 = 7,
  /** Region at a loop header or function entry: charge and check (execution can repeat here). */
  CheckedCharge = 8,
  /** Before a call: write the local counter through to the global the callee spends from. */
  SyncGas = 9,
  /** Function entry: charge, publish (so a trap reports gas up to here) and check. */
  EntryCharge = 10,
}

interface Frame {
  readonly start: number;
  readonly params: number;
  readonly results: number;
  unreachable: boolean;
}

function feature(what: string, fn: number): never {
  throw new ModuleRejectedError(LoadRule.UnsupportedFeature, `unsupported wasm feature in function ${fn}: ${what}`, {
    feature: what,
    function: fn,
  });
}

export class MeteringPass {
  private readonly writer: ByteWriter;
  private readonly extraTypes: FuncType[] = [];
  private readonly frameCosts: number[] = [];
  private chargePoints = 0;
  // Sites of the function being processed: parallel arrays (position, kind, value).
  private sitePos: number[] = [];
  private siteKind: number[] = [];
  private siteVal: number[] = [];

  constructor(
    private readonly m: ParsedModule,
    private readonly limits: EngineLimits,
    private readonly costs: CostTable,
    private readonly globals: MeteringGlobals,
  ) {
    this.writer = new ByteWriter(m.bytes.length * 2);
    for (let op = 0; op < 256; op++) this.opCost[op] = costs.opcode(op);
    this.gasNeutral = m.imports.filter((i) => i.kind === 'function').map((i) => costs.gasNeutral(`${i.module}.${i.name}`));
    this.hostCallCosts = m.imports
      .filter((i) => i.kind === 'function')
      .map((i) => costs.hostCall(`${i.module}.${i.name}`));
  }

  private readonly hostCallCosts: readonly number[];
  private readonly gasNeutral: readonly boolean[];
  /** costs.opcode flattened into a table: it is consulted for every instruction. */
  private readonly opCost = new Int32Array(256);

  run(): MeteringResult {
    const out = this.writer;
    out.u32(this.m.codeBodies.length);
    for (let i = 0; i < this.m.codeBodies.length; i++) {
      const body = this.instrumentFunction(i);
      out.u32(body.length).bytes(body);
    }
    return {
      codeSection: out.finish(),
      extraTypes: this.extraTypes,
      frameCosts: this.frameCosts,
      chargePoints: this.chargePoints,
    };
  }

  private blockArity(r: ByteReader, fn: number): { params: number; results: number } {
    const bt = r.s33();
    if (bt === -64) return { params: 0, results: 0 }; // 0x40 empty
    if (bt < 0) {
      const vt = bt & 0x7f;
      if (vt === 0x7b) feature('SIMD', fn);
      if (vt !== I32 && vt !== I64 && vt !== F32 && vt !== F64) feature('reference-typed block results', fn);
      return { params: 0, results: 1 };
    }
    const t = this.m.types[bt];
    if (t === undefined) r.fail(`block type index ${bt} out of range`);
    return { params: t.params.length, results: t.results.length };
  }

  /** Block type for the exit wrapper of a function with these results. */
  private wrapperBlockType(results: readonly number[], w: ByteWriter): void {
    if (results.length === 0) {
      w.u8(0x40);
    } else if (results.length === 1) {
      w.u8(results[0] as number);
    } else {
      const all = [...this.m.types, ...this.extraTypes];
      let idx = all.findIndex((t) => t.params.length === 0 && t.results.length === results.length && t.results.every((v, k) => v === results[k]));
      if (idx < 0) {
        this.extraTypes.push({ params: [], results: [...results] });
        idx = all.length;
      }
      w.s32(idx);
    }
  }

  private addSite(pos: number, kind: Site, val = 0): number {
    this.sitePos.push(pos);
    this.siteKind.push(kind);
    this.siteVal.push(val);
    return this.sitePos.length - 1;
  }

  private instrumentFunction(fnIndex: number): Uint8Array {
    const m = this.m;
    const absIndex = fnIndex + m.importedFunctionCount;
    const body = m.codeBodies[fnIndex]!;
    const type = m.types[m.functionTypes[fnIndex]!]!;
    const r: ByteReader = new ByteReader(m.bytes, body.start, body.end);

    // Locals.
    const groups = r.u32();
    let localCount = 0;
    const localGroups: [number, number][] = [];
    for (let g = 0; g < groups; g++) {
      const n = r.u32();
      const t = r.u8();
      if (t === 0x7b) feature('SIMD locals', absIndex);
      if (t !== I32 && t !== I64 && t !== F32 && t !== F64) feature('reference-typed locals', absIndex);
      localCount += n;
      if (localCount > this.limits.maxLocalsPerFunction) {
        throw new ModuleRejectedError(
          LoadRule.TooManyLocals,
          `function ${absIndex} declares more than ${this.limits.maxLocalsPerFunction} locals`,
          { function: absIndex, limit: this.limits.maxLocalsPerFunction },
        );
      }
      localGroups.push([n, t]);
    }
    const codeStart = r.pos;

    this.sitePos = [];
    this.siteKind = [];
    this.siteVal = [];
    let region = this.addSite(codeStart, Site.EntryCharge, 0);
    const frames: Frame[] = [{ start: 0, params: 0, results: type.results.length, unreachable: false }];
    let height = 0;
    let maxHeight = 0;
    let needI32 = false;
    let needF32 = false;
    let needF64 = false;
    let funcEnd = -1;
    const opCost = this.opCost;

    const pop = (n: number): void => {
      const f = frames[frames.length - 1]!;
      height -= n;
      if (height < f.start) {
        if (!f.unreachable) r.fail(`operand stack underflow in function ${absIndex}`);
        height = f.start;
      }
    };
    const push = (n: number): void => {
      height += n;
      if (height > maxHeight) maxHeight = height;
    };
    const markUnreachable = (): void => {
      const f = frames[frames.length - 1]!;
      height = f.start;
      f.unreachable = true;
    };
    const newRegion = (pos: number, checked: boolean): void => {
      region = this.addSite(pos, checked ? Site.CheckedCharge : Site.Charge, 0);
    };

    while (r.pos < body.end) {
      const instrStart = r.pos;
      const op = r.u8();
      let cost = opCost[op]!;
      switch (op) {
        case 0x00: // unreachable
          markUnreachable();
          break;
        case 0x02: // block
        case 0x03: // loop
        case 0x04: { // if
          const a = this.blockArity(r, absIndex);
          if (op === 0x04) pop(1);
          pop(a.params);
          frames.push({ start: height, params: a.params, results: a.results, unreachable: false });
          push(a.params);
          if (op !== 0x02) newRegion(r.pos, op === 0x03);
          break;
        }
        case 0x05: { // else
          const f = frames[frames.length - 1];
          if (f === undefined || frames.length === 1) r.fail('else outside if');
          height = f.start + f.params;
          f.unreachable = false;
          newRegion(r.pos, false);
          break;
        }
        case 0x0b: { // end
          const f = frames.pop();
          if (f === undefined) r.fail('unbalanced end');
          height = f.start;
          push(f.results);
          if (frames.length === 0) {
            funcEnd = r.pos - 1;
            if (r.pos !== body.end) r.fail(`code after the end of function ${absIndex}`);
          } else {
            newRegion(r.pos, false);
          }
          break;
        }
        case 0x0c: // br
          r.u32();
          markUnreachable();
          break;
        case 0x0d: // br_if
          r.u32();
          pop(1);
          break;
        case 0x0e: { // br_table
          const n = r.u32();
          if (n > body.end - r.pos) r.fail('br_table too long');
          for (let k = 0; k <= n; k++) r.u32();
          pop(1);
          markUnreachable();
          break;
        }
        case 0x0f: // return
          this.addSite(instrStart, Site.Return);
          markUnreachable();
          break;
        case 0x10: { // call
          const callee = r.u32();
          const ft = functionType(m, callee);
          if (ft === undefined) r.fail(`call to unknown function ${callee}`);
          if (callee < m.importedFunctionCount) {
            cost = this.costs.call + this.hostCallCosts[callee]!;
          } else {
            cost = this.costs.call;
          }
          pop(ft.params.length);
          push(ft.results.length);
          // Gas-neutral host functions neither read nor spend the counter: no sync needed.
          if (!(callee < m.importedFunctionCount && this.gasNeutral[callee])) {
            this.addSite(instrStart, Site.SyncGas);
            this.addSite(r.pos, Site.ReloadGas);
          }
          break;
        }
        case 0x11: { // call_indirect
          const ti = r.u32();
          const table = r.u8();
          if (table !== 0) feature('call_indirect on a table other than 0', absIndex);
          const ft = m.types[ti];
          if (ft === undefined) r.fail(`call_indirect type ${ti} out of range`);
          cost = this.costs.callIndirect;
          pop(1 + ft.params.length);
          push(ft.results.length);
          this.addSite(instrStart, Site.SyncGas);
          this.addSite(r.pos, Site.ReloadGas);
          break;
        }
        case 0x20:
        case 0x21:
        case 0x22:
        case 0x23:
        case 0x24:
          r.u32();
          pop(EFFECT_POPS[op]!);
          push(EFFECT_PUSHES[op]!);
          break;
        case 0x3f: // memory.size
        case 0x40: { // memory.grow
          if (r.u8() !== 0) feature('multi-memory', absIndex);
          if (op === 0x40) {
            needI32 = true;
            this.addSite(instrStart, Site.GrowCharge);
            this.addSite(r.pos, Site.GrowFlag);
          }
          pop(EFFECT_POPS[op]!);
          push(1);
          break;
        }
        case 0x41:
          r.skipLeb(5);
          push(1);
          break;
        case 0x42:
          r.skipLeb(10);
          push(1);
          break;
        case 0x43:
          r.skip(4);
          push(1);
          break;
        case 0x44:
          r.skip(8);
          push(1);
          break;
        case 0xfc: {
          const sub = r.u32();
          cost = this.costs.prefixed(sub);
          if (sub <= 7) {
            pop(1);
            push(1);
          } else if (sub === 10 || sub === 11) {
            if (r.u8() !== 0) feature('multi-memory', absIndex);
            if (sub === 10 && r.u8() !== 0) feature('multi-memory', absIndex);
            needI32 = true;
            this.addSite(instrStart, Site.BulkCharge);
            pop(3);
          } else if (sub === 8 || sub === 9) {
            feature('memory.init / data.drop (passive data segments)', absIndex);
          } else {
            feature(`table bulk operation 0xfc ${sub} (reference types)`, absIndex);
          }
          break;
        }
        default: {
          if (op >= 0x28 && op <= 0x3e) {
            r.u32(); // align
            r.u32(); // offset
          } else {
            const unsupported = UNSUPPORTED[op];
            if (unsupported !== undefined) feature(unsupported, absIndex);
            if (EFFECT_POPS[op]! < 0) r.fail(`unknown opcode 0x${op.toString(16)} in function ${absIndex}`);
          }
          pop(EFFECT_POPS[op]!);
          push(EFFECT_PUSHES[op]!);
          if (F32_NAN_OPS.has(op)) {
            needF32 = true;
            this.addSite(r.pos, Site.CanonF32);
          } else if (F64_NAN_OPS.has(op)) {
            needF64 = true;
            this.addSite(r.pos, Site.CanonF64);
          }
        }
      }
      this.siteVal[region]! += cost;
    }
    if (funcEnd < 0) r.fail(`function ${absIndex} has no end`);

    const frameCost = frameCostSlots(type.params.length, type.results.length, localCount, maxHeight);
    this.frameCosts.push(frameCost);
    return this.emit(type, localGroups, localCount, codeStart, funcEnd, frameCost, needI32, needF32, needF64);
  }

  private emit(
    type: FuncType,
    localGroups: readonly [number, number][],
    localCount: number,
    codeStart: number,
    funcEnd: number,
    frameCost: number,
    needI32: boolean,
    needF32: boolean,
    needF64: boolean,
  ): Uint8Array {
    const src = this.m.bytes;
    const w = new ByteWriter(funcEnd - codeStart + 256);
    const { gas, depth, oom } = this.globals;
    const base = type.params.length + localCount;
    const gasLocal = base;
    const i32Local = base + 1;
    const f32Local = base + 2;
    const f64Local = base + 3;

    // Locals: original groups, then scratch (gas i64, i32, f32, f64 — unused ones are cheap).
    const extra: [number, number][] = [[1, I64]];
    if (needI32 || needF32 || needF64) extra.push([1, I32]);
    if (needF32 || needF64) extra.push([1, F32]);
    if (needF64) extra.push([1, F64]);
    w.u32(localGroups.length + extra.length);
    for (const [n, t] of localGroups) w.u32(n).u8(t);
    for (const [n, t] of extra) w.u32(n).u8(t);

    const trapIf = (): void => {
      w.u8(0x04).u8(0x40).u8(0x00).u8(0x0b); // if unreachable end
    };
    // Cold path: publish the (negative) counter for the trap classifier, then trap.
    const outOfGasIf = (): void => {
      w.u8(0x04).u8(0x40).u8(0x20).u32(gasLocal).u8(0x24).u32(gas).u8(0x00).u8(0x0b);
    };
    const epilogue = (): void => {
      w.u8(0x20).u32(gasLocal).u8(0x24).u32(gas); // publish the counter
      w.u8(0x23).u32(depth).u8(0x41).s32(frameCost).u8(0x6b).u8(0x24).u32(depth); // depth -= frame
    };
    const chargeDynamic = (shiftOrMul: 'mul' | 'shr', k: bigint): void => {
      // stack: [..., n]  ->  [..., n], gas -= f(n)
      w.u8(0x22).u32(i32Local); // local.tee $t
      w.u8(0x20).u32(gasLocal);
      w.u8(0x20).u32(i32Local).u8(0xad); // i64.extend_i32_u
      w.u8(0x42).s64(k).u8(shiftOrMul === 'mul' ? 0x7e : 0x88); // i64.mul / i64.shr_u
      w.u8(0x7d).u8(0x21).u32(gasLocal); // i64.sub; the next check point catches a negative counter
    };

    // Prologue: stack depth check, gas local, exit wrapper.
    w.u8(0x23).u32(depth).u8(0x41).s32(frameCost).u8(0x6a).u8(0x24).u32(depth);
    w.u8(0x23).u32(depth).u8(0x41).s32(this.limits.maxStackSlots).u8(0x4b); // i32.gt_u
    trapIf();
    w.u8(0x23).u32(gas).u8(0x21).u32(gasLocal);
    w.u8(0x02);
    this.wrapperBlockType(type.results, w);

    let copied = codeStart;
    const n = this.sitePos.length;
    for (let s = 0; s < n; s++) {
      const pos = this.sitePos[s]!;
      const kind = this.siteKind[s]!;
      const val = this.siteVal[s]!;
      if ((kind === Site.Charge || kind === Site.CheckedCharge) && val === 0) continue;
      if (kind === Site.EntryCharge && val === 0) {
        w.u8(0x20).u32(gasLocal).u8(0x24).u32(gas); // nothing to charge; still publish for traps
        continue;
      }
      if (pos > copied) {
        w.bytes(src.subarray(copied, pos));
        copied = pos;
      }
      switch (kind) {
        case Site.Charge:
          this.chargePoints++;
          w.u8(0x20).u32(gasLocal).u8(0x42).s32(val).u8(0x7d).u8(0x21).u32(gasLocal);
          break;
        case Site.CheckedCharge:
          // Loop header: no store to the global here — it measurably slows tight loops (+15–20% on
          // insertion sort). A trap inside a loop reports the gas published at entry or last call.
          this.chargePoints++;
          w.u8(0x20).u32(gasLocal).u8(0x42).s32(val).u8(0x7d).u8(0x22).u32(gasLocal);
          w.u8(0x42).u8(0x00).u8(0x53);
          outOfGasIf();
          break;
        case Site.EntryCharge:
          this.chargePoints++;
          w.u8(0x20).u32(gasLocal).u8(0x42).s32(val).u8(0x7d).u8(0x22).u32(gasLocal).u8(0x24).u32(gas);
          w.u8(0x20).u32(gasLocal).u8(0x42).u8(0x00).u8(0x53);
          outOfGasIf();
          break;
        case Site.SyncGas:
          w.u8(0x20).u32(gasLocal).u8(0x24).u32(gas);
          break;
        case Site.GrowCharge:
          chargeDynamic('mul', this.costs.memoryGrowPerPage);
          break;
        case Site.GrowFlag:
          // stack: [result] -> [result]; flag a failed grow for the trap classifier.
          w.u8(0x22).u32(i32Local).u8(0x41).s32(-1).u8(0x46);
          w.u8(0x04).u8(0x40).u8(0x41).u8(0x01).u8(0x24).u32(oom).u8(0x0b);
          w.u8(0x20).u32(i32Local);
          break;
        case Site.BulkCharge:
          chargeDynamic('shr', this.costs.bulkMemoryByteShift);
          break;
        case Site.Return:
          epilogue();
          break;
        case Site.ReloadGas:
          w.u8(0x23).u32(gas).u8(0x21).u32(gasLocal);
          break;
        case Site.CanonF32:
          w.u8(0x22).u32(f32Local).u8(0x43).bytes(CANON_F32);
          w.u8(0x20).u32(f32Local).u8(0x20).u32(f32Local).u8(0x5b).u8(0x1b); // f32.eq; select
          break;
        case Site.CanonF64:
          w.u8(0x22).u32(f64Local).u8(0x44).bytes(CANON_F64);
          w.u8(0x20).u32(f64Local).u8(0x20).u32(f64Local).u8(0x61).u8(0x1b); // f64.eq; select
          break;
      }
    }
    w.bytes(src.subarray(copied, funcEnd));
    w.u8(0x0b); // end of exit wrapper
    epilogue();
    w.u8(0x0b); // end of function
    return w.finish();
  }
}

const CANON_F32 = new Uint8Array([0x00, 0x00, 0xc0, 0x7f]);
const CANON_F64 = new Uint8Array([0, 0, 0, 0, 0, 0, 0xf8, 0x7f]);
