/**
 * Decodes one function body instruction by instruction and plans its instrumentation: where
 * each metered region starts and what it costs, where calls sync the gas counter, where float
 * results are canonicalised, and the frame size in value slots.
 *
 * Every immediate is read as LEB128 and every index is range-checked against the module's
 * declared index spaces (locals, globals, functions, types, tables, memories, label depths);
 * anything not understood is rejected with a typed load error. The module has already passed
 * V8's validator; these checks make the rewriter safe on its own, so no index it passes on can
 * reach the engine's gas-counter local or its gas/depth/oom globals (appended after the
 * declared ones).
 */
import { LoadRule, ModuleRejectedError } from '../../../../../pkg/errors.js';
import { ByteReader } from './byte-reader.js';
import type { FuncType, ParsedModule } from './module-parser.js';
import {
  EFFECT_POPS, EFFECT_PUSHES, EMPTY_BLOCK_S33, F32_NAN_OPS, F64_NAN_OPS, Op, OpFC, OpRange, UNSUPPORTED_OPS, ValType,
} from './opcodes.js';
import type { ModuleTables } from './module-tables.js';

/** Least gas a loop header charges per iteration, whatever the cost table says: no loop is free. */
export const MIN_LOOP_HEADER_COST = 1;

/** What the rewriter inserts at a position of the original body. */
export const enum Site {
  /** Start of a region that cannot repeat: subtract its static cost. */
  Charge = 0,
  /** Before memory.grow: charge per page requested. */
  GrowCharge = 1,
  /** After memory.grow: flag a failed grow for the trap classifier. */
  GrowFlag = 2,
  /** Before memory.copy / memory.fill: charge per byte. */
  BulkCharge = 3,
  /** Before `return`: the function epilogue. */
  Return = 4,
  /** After a call: reload the counter the callee spent from. */
  ReloadGas = 5,
  CanonF32 = 6,
  CanonF64 = 7,
  /** Loop header: charge and check (execution repeats here). */
  CheckedCharge = 8,
  /** Before a call: write the local counter through to the global the callee spends from. */
  SyncGas = 9,
  /** Function entry: charge, publish (so a trap reports gas up to here) and check. */
  EntryCharge = 10,
}

/** The instrumentation plan of one function. */
export interface FunctionPlan {
  readonly type: FuncType;
  readonly localGroups: readonly (readonly [count: number, type: number])[];
  readonly localCount: number;
  /** Offsets in the module bytes: first instruction, and the function's final `end`. */
  readonly codeStart: number;
  readonly funcEnd: number;
  /** Deepest operand stack, in value slots. */
  readonly maxHeight: number;
  /** Sites in body order (parallel arrays: position, kind, value). */
  readonly sitePos: readonly number[];
  readonly siteKind: readonly Site[];
  readonly siteVal: readonly number[];
  readonly needI32: boolean;
  readonly needF32: boolean;
  readonly needF64: boolean;
}

interface Frame {
  readonly start: number;
  readonly params: number;
  readonly results: number;
  readonly isIf: boolean;
  unreachable: boolean;
}

const NUM_TYPES: ReadonlySet<number> = new Set([ValType.i32, ValType.i64, ValType.f32, ValType.f64]);

export function rejectFeature(what: string, fn: number): never {
  throw new ModuleRejectedError(LoadRule.UnsupportedFeature, `unsupported wasm feature in function ${fn}: ${what}`, {
    feature: what,
    function: fn,
  });
}

/** Decodes one function body into a FunctionPlan. One instance per function. */
export class FunctionAnalysis {
  private readonly r: ByteReader;
  private readonly fn: number;
  private readonly frames: Frame[] = [];
  private height = 0;
  private maxHeight = 0;
  private localLimit = 0;
  private region = 0;
  private funcEnd = -1;
  private needI32 = false;
  private needF32 = false;
  private needF64 = false;
  private readonly sitePos: number[] = [];
  private readonly siteKind: Site[] = [];
  private readonly siteVal: number[] = [];

  constructor(
    private readonly t: ModuleTables,
    private readonly defIndex: number,
  ) {
    const m: ParsedModule = t.m;
    const body = m.codeBodies[defIndex]!;
    this.r = new ByteReader(m.bytes, body.start, body.end);
    this.fn = defIndex + m.importedFunctionCount;
  }

  run(): FunctionPlan {
    const t = this.t;
    const type = t.m.types[t.m.functionTypes[this.defIndex]!]!;
    const { groups, count } = this.readLocals();
    this.localLimit = type.params.length + count;
    const codeStart = this.r.pos;
    this.region = this.addSite(codeStart, Site.EntryCharge);
    this.frames.push({ start: 0, params: 0, results: type.results.length, isIf: false, unreachable: false });
    const end = this.r.end;
    while (this.r.pos < end) this.step();
    if (this.funcEnd < 0) this.r.fail(`function ${this.fn} has no end`);
    return {
      type,
      localGroups: groups,
      localCount: count,
      codeStart,
      funcEnd: this.funcEnd,
      maxHeight: this.maxHeight,
      sitePos: this.sitePos,
      siteKind: this.siteKind,
      siteVal: this.siteVal,
      needI32: this.needI32,
      needF32: this.needF32,
      needF64: this.needF64,
    };
  }

  private readLocals(): { groups: [number, number][]; count: number } {
    const r = this.r;
    const limit = this.t.limits.maxLocalsPerFunction;
    const groups: [number, number][] = [];
    let count = 0;
    for (let g = r.u32(); g > 0; g--) {
      const n = r.u32();
      const type = r.u8();
      if (type === ValType.v128) rejectFeature('SIMD locals', this.fn);
      if (!NUM_TYPES.has(type)) rejectFeature('reference-typed locals', this.fn);
      count += n;
      if (count > limit) {
        throw new ModuleRejectedError(LoadRule.TooManyLocals, `function ${this.fn} declares more than ${limit} locals`, {
          function: this.fn,
          limit,
        });
      }
      groups.push([n, type]);
    }
    return { groups, count };
  }

  private addSite(pos: number, kind: Site, val = 0): number {
    this.sitePos.push(pos);
    this.siteKind.push(kind);
    this.siteVal.push(val);
    return this.sitePos.length - 1;
  }

  private charge(cost: number): void {
    this.siteVal[this.region]! += cost;
  }

  private pop(n: number): void {
    const f = this.frames[this.frames.length - 1]!;
    this.height -= n;
    if (this.height < f.start) {
      if (!f.unreachable) this.r.fail(`operand stack underflow in function ${this.fn}`);
      this.height = f.start;
    }
  }

  private push(n: number): void {
    this.height += n;
    if (this.height > this.maxHeight) this.maxHeight = this.height;
  }

  private markUnreachable(): void {
    const f = this.frames[this.frames.length - 1]!;
    this.height = f.start;
    f.unreachable = true;
  }

  private step(): void {
    const op = this.r.u8();
    if (op <= Op.callIndirect) this.control(op);
    else if (op >= Op.localGet && op <= Op.globalSet) this.variable(op);
    else if (op >= OpRange.loadsFirst && op <= Op.memoryGrow) this.memory(op);
    else if (op === Op.prefixFC) this.prefixedFC();
    else this.simple(op);
  }

  /** drop, select, constants and every numeric instruction: fixed stack effect, no index. */
  private simple(op: number): void {
    const r = this.r;
    if (op === Op.i32Const) r.skipLeb(5);
    else if (op === Op.i64Const) r.skipLeb(10);
    else if (op === Op.f32Const) r.skip(4);
    else if (op === Op.f64Const) r.skip(8);
    else if (EFFECT_POPS[op]! < 0 || op === Op.nop) this.unknown(op);
    this.pop(EFFECT_POPS[op]!);
    this.push(EFFECT_PUSHES[op]!);
    this.charge(this.t.opCost[op]!);
    if (F32_NAN_OPS.has(op)) {
      this.needF32 = true;
      this.addSite(r.pos, Site.CanonF32);
    } else if (F64_NAN_OPS.has(op)) {
      this.needF64 = true;
      this.addSite(r.pos, Site.CanonF64);
    }
  }

  private unknown(op: number): never {
    const feature = UNSUPPORTED_OPS[op];
    if (feature !== undefined) rejectFeature(feature, this.fn);
    return this.r.fail(`unknown opcode 0x${op.toString(16)} in function ${this.fn}`);
  }

  /** Control instructions (0x00–0x11). */
  private control(op: number): void {
    switch (op) {
      case Op.unreachable: this.charge(this.t.opCost[op]!); this.markUnreachable(); return;
      case Op.nop: this.charge(this.t.opCost[op]!); return;
      case Op.block: case Op.loop: case Op.if: this.openBlock(op); return;
      case Op.else: this.elseArm(); return;
      case Op.end: this.endBlock(); return;
      case Op.br: this.label(); this.charge(this.t.opCost[op]!); this.markUnreachable(); return;
      case Op.brIf: this.label(); this.charge(this.t.opCost[op]!); this.pop(1); return;
      case Op.brTable: this.brTable(); return;
      case Op.return:
        this.addSite(this.r.pos - 1, Site.Return);
        this.charge(this.t.opCost[op]!);
        this.markUnreachable();
        return;
      case Op.call: this.call(); return;
      case Op.callIndirect: this.callIndirect(); return;
      default: this.unknown(op);
    }
  }

  /** A branch target depth: must name an enclosing block (or the function body). */
  private label(): number {
    return this.r.index(this.frames.length, 'label depth');
  }

  private brTable(): void {
    const r = this.r;
    const n = r.u32();
    if (n > r.end - r.pos) r.fail('br_table too long');
    for (let k = 0; k <= n; k++) this.label();
    this.charge(this.t.opCost[Op.brTable]!);
    this.pop(1);
    this.markUnreachable();
  }

  private blockArity(): { params: number; results: number } {
    const r = this.r;
    const at = r.pos;
    const bt = r.s33();
    if (bt === EMPTY_BLOCK_S33) return { params: 0, results: 0 };
    if (bt < 0) {
      const vt = bt & 0x7f;
      if (vt === ValType.v128) rejectFeature('SIMD', this.fn);
      if (!NUM_TYPES.has(vt)) rejectFeature('reference-typed block results', this.fn);
      return { params: 0, results: 1 };
    }
    r.pos = at;
    const type = this.t.m.types[r.index(this.t.m.types.length, 'type')]!;
    return { params: type.params.length, results: type.results.length };
  }

  private openBlock(op: number): void {
    const a = this.blockArity();
    const cost = this.t.opCost[op]!;
    if (op === Op.if) {
      // The condition is evaluated on both paths: charge it before the arms split.
      this.charge(cost);
      this.pop(1);
    }
    this.pop(a.params);
    this.frames.push({ start: this.height, params: a.params, results: a.results, isIf: op === Op.if, unreachable: false });
    this.push(a.params);
    if (op === Op.block) {
      this.charge(cost);
    } else if (op === Op.loop) {
      // Every iteration passes the header: it charges at least MIN_LOOP_HEADER_COST and checks.
      this.region = this.addSite(this.r.pos, Site.CheckedCharge, Math.max(cost, MIN_LOOP_HEADER_COST));
    } else {
      this.region = this.addSite(this.r.pos, Site.Charge);
    }
  }

  private elseArm(): void {
    const f = this.frames[this.frames.length - 1]!;
    if (this.frames.length === 1 || !f.isIf) this.r.fail('else outside if');
    this.height = f.start + f.params;
    f.unreachable = false;
    this.region = this.addSite(this.r.pos, Site.Charge, this.t.opCost[Op.else]!);
  }

  private endBlock(): void {
    const f = this.frames.pop()!;
    this.height = f.start;
    this.push(f.results);
    if (this.frames.length === 0) {
      this.funcEnd = this.r.pos - 1;
      if (this.r.pos !== this.r.end) this.r.fail(`code after the end of function ${this.fn}`);
      return;
    }
    this.region = this.addSite(this.r.pos, Site.Charge, this.t.opCost[Op.end]!);
  }

  private call(): void {
    const r = this.r;
    const at = r.pos - 1;
    const t = this.t;
    const callee = r.index(t.functionCount, 'function');
    const type = t.m.types[t.m.functionTypeOf[callee]!]!;
    this.charge(t.callCost[callee]!);
    this.pop(type.params.length);
    this.push(type.results.length);
    // Gas-neutral host functions neither read nor spend the counter: no sync needed.
    if (t.syncOnCall[callee] === 1) {
      this.addSite(at, Site.SyncGas);
      this.addSite(r.pos, Site.ReloadGas);
    }
  }

  private callIndirect(): void {
    const r = this.r;
    const at = r.pos - 1;
    const t = this.t;
    const type = t.m.types[r.index(t.m.types.length, 'type')]!;
    // The table index is a LEB128 (current LLVM emits it padded to several bytes).
    const table = r.index(t.tableCount, 'table');
    if (table !== 0) rejectFeature('call_indirect on a table other than 0', this.fn);
    this.charge(t.callIndirectCost);
    this.pop(1 + type.params.length);
    this.push(type.results.length);
    this.addSite(at, Site.SyncGas);
    this.addSite(r.pos, Site.ReloadGas);
  }

  /** local.* and global.*: the index must name a declared local / global, never the engine's. */
  private variable(op: number): void {
    const r = this.r;
    if (op <= Op.localTee) {
      r.index(this.localLimit, 'local');
    } else {
      const g = r.index(this.t.globalCount, 'global');
      if (op === Op.globalSet && this.t.globalMutable[g] !== 1) r.fail(`global.set of immutable global ${g} in function ${this.fn}`);
    }
    this.pop(EFFECT_POPS[op]!);
    this.push(EFFECT_PUSHES[op]!);
    this.charge(this.t.opCost[op]!);
  }

  /** Loads, stores, memory.size and memory.grow. */
  private memory(op: number): void {
    const r = this.r;
    const at = r.pos - 1;
    if (op <= OpRange.storesLast) {
      // Bit 6 of the alignment field would carry a memory index (multi-memory).
      if (r.u32() >= 64) rejectFeature('multi-memory', this.fn);
      r.u32(); // offset
    } else {
      this.memoryIndex();
      if (op === Op.memoryGrow) {
        this.needI32 = true;
        this.addSite(at, Site.GrowCharge);
        this.addSite(r.pos, Site.GrowFlag);
      }
    }
    this.pop(EFFECT_POPS[op]!);
    this.push(EFFECT_PUSHES[op]!);
    this.charge(this.t.opCost[op]!);
  }

  private memoryIndex(): void {
    if (this.r.index(this.t.memoryCount, 'memory') !== 0) rejectFeature('multi-memory', this.fn);
  }

  /** The 0xFC family: saturating truncations and memory.copy / memory.fill. */
  private prefixedFC(): void {
    const r = this.r;
    const at = r.pos - 1;
    const sub = r.u32();
    if (sub <= OpFC.i64TruncSatF64U) {
      this.pop(1);
      this.push(1);
    } else if (sub === OpFC.memoryCopy || sub === OpFC.memoryFill) {
      this.memoryIndex();
      if (sub === OpFC.memoryCopy) this.memoryIndex();
      this.needI32 = true;
      this.addSite(at, Site.BulkCharge);
      this.pop(3);
    } else if (sub === OpFC.memoryInit || sub === OpFC.dataDrop) {
      rejectFeature('memory.init / data.drop (passive data segments)', this.fn);
    } else if (sub <= 17) {
      rejectFeature(`table bulk operation 0xfc ${sub} (reference types)`, this.fn);
    } else {
      r.fail(`unknown opcode 0xfc ${sub} in function ${this.fn}`);
    }
    this.charge(this.t.costs.prefixed(sub));
  }
}
