/**
 * Gas and stack metering by rewriting function bodies (our own small binary rewriter; only the
 * code section is decoded instruction by instruction).
 *
 * Gas: a function is cut into metered regions that start at function entry, at each loop
 * header, at the start of each if/else arm and right after each `end` of a block/loop/if —
 * i.e. at every branch target. Each region is charged its whole static cost on entry, so every
 * executed instruction is paid for (early exits through br_if overpay, deterministically). The
 * counter lives in a local (a register): straight-line regions only subtract; the counter is
 * checked where execution can repeat or deepen (function entry, loop headers — every loop
 * header charges at least MIN_LOOP_HEADER_COST, so no loop shape runs for free), published to
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
import { NATIVE_STACK, type EngineLimits } from '../../../../../pkg/config.js';
import { ByteWriter } from './byte-reader.js';
import { EMPTY_BLOCK_TYPE } from './opcodes.js';
import type { CodeEmitter } from './code-emitter.js';
import type { FuncType, ParsedModule } from './module-parser.js';
import type { CostTable } from './cost-table.js';
import { FunctionAnalysis } from './function-analysis.js';
import { FunctionRewriter, type RewriteContext } from './function-rewriter.js';
import { buildModuleTables, type ModuleTables } from './module-tables.js';

export { MIN_LOOP_HEADER_COST } from './function-analysis.js';

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

function resultsKey(results: readonly number[]): string {
  return results.join(',');
}

export class MeteringPass {
  private readonly tables: ModuleTables;
  private readonly ctx: RewriteContext;
  private readonly extraTypes: FuncType[] = [];
  /** Type index of a `[] -> results` type by results, for multi-value exit wrappers (O(1) per function). */
  private readonly wrapperTypes = new Map<string, number>();

  constructor(
    private readonly m: ParsedModule,
    limits: EngineLimits,
    costs: CostTable,
    globals: MeteringGlobals,
  ) {
    this.tables = buildModuleTables(m, limits, costs);
    m.types.forEach((t, i) => {
      const key = resultsKey(t.results);
      if (t.params.length === 0 && t.results.length > 1 && !this.wrapperTypes.has(key)) this.wrapperTypes.set(key, i);
    });
    this.ctx = {
      bytes: m.bytes,
      globals,
      maxStackSlots: limits.maxStackSlots,
      memoryGrowPerPage: costs.memoryGrowPerPage,
      bulkMemoryByteShift: costs.bulkMemoryByteShift,
      wrapperBlockType: (results, w) => this.wrapperBlockType(results, w),
    };
  }

  run(): MeteringResult {
    const out = new ByteWriter(this.m.bytes.length * 2);
    const frameCosts: number[] = [];
    let chargePoints = 0;
    out.u32(this.m.codeBodies.length);
    for (let i = 0; i < this.m.codeBodies.length; i++) {
      const plan = new FunctionAnalysis(this.tables, i).run();
      const frameCost = frameCostSlots(plan.type.params.length, plan.type.results.length, plan.localCount, plan.maxHeight);
      frameCosts.push(frameCost);
      const rewriter = new FunctionRewriter(this.ctx, plan, frameCost);
      const body = rewriter.rewrite();
      chargePoints += rewriter.chargePoints;
      out.u32(body.length).bytes(body);
    }
    return { codeSection: out.finish(), extraTypes: this.extraTypes, frameCosts, chargePoints };
  }

  /** Decodes and checks every body without writing anything (names the rule a module breaks). */
  analyse(): void {
    for (let i = 0; i < this.m.codeBodies.length; i++) new FunctionAnalysis(this.tables, i).run();
  }

  /** Block type for the exit wrapper of a function with these results. */
  private wrapperBlockType(results: readonly number[], w: CodeEmitter): void {
    if (results.length === 0) {
      w.u8(EMPTY_BLOCK_TYPE);
    } else if (results.length === 1) {
      w.u8(results[0]!);
    } else {
      const key = resultsKey(results);
      let idx = this.wrapperTypes.get(key);
      if (idx === undefined) {
        idx = this.m.types.length + this.extraTypes.length;
        this.extraTypes.push({ params: [], results: [...results] });
        this.wrapperTypes.set(key, idx);
      }
      w.s32(idx);
    }
  }
}
