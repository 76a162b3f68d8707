/**
 * Gas calibration runner: how many nanoseconds one unit of gas buys, per workload. A workload is
 * one operation repeated in a wasm loop and run through the whole engine; its figure is the
 * MARGINAL cost, (time − time of the same loop without the operation) ÷ (gas − gas of that
 * loop), so loop and call overheads cancel. The baseline is a plain wasm loop measured in the
 * same run (time ÷ gas of the whole call). Medians of repeated runs in one process.
 *
 * Time is this process's CPU time (process.cpuUsage), not wall-clock time: on a shared machine
 * other processes' load would otherwise inflate some workloads and not others. (`make bench`
 * runs with --single-threaded-gc, so garbage collection is counted on this thread.)
 */
import type { ExecutionContext } from '../../pkg/engine.js';
import type { WasmEngineManager } from '../../internal/core/engines/wasm/manager/engine-manager.js';
import { wat } from '../../test/helpers/wat.js';
import { summarise, type Sample } from '../lib/stats.js';

export interface Workload {
  readonly name: string;
  /** `(import ...)` lines; the bench names host functions `$f`. */
  readonly imports?: string;
  /** `(data ...)` lines. */
  readonly data?: string;
  /** Code run once before the loop (also in the no-op variant, so it cancels). */
  readonly setup?: string;
  /** One iteration's operation: WAT instructions leaving the stack empty. */
  readonly op: string;
  readonly iterations: number;
  /**
   * What the no-op variant runs instead of nothing (default: nothing). Workloads whose first
   * operation changes the call itself (memory growth makes the instance non-reusable) run it
   * once there, so only the repeated operations are measured.
   */
  readonly emptyOp?: string;
  /** Extra exported functions (e.g. a guest allocator). */
  readonly extra?: string;
  readonly context?: Partial<ExecutionContext>;
  readonly payload?: Uint8Array;
}

export interface Calibration {
  readonly name: string;
  readonly nsPerGas: number;
  readonly gasPerOp: number;
  readonly nsPerOp: number;
  readonly time: Sample;
}

const GAS = 9_000_000_000n;

export function moduleText(w: Workload, withOp: boolean): string {
  return `(module
  ${w.imports ?? ''}
  (memory (export "memory") 48)
  ${w.data ?? ''}
  ${w.extra ?? ''}
  (func (export "Run") (result i32) (local $i i32) (local $t i32) (local $x i64) (local $y i64) (local $f f64) (local $g f64) (local $p i32)
    ;; operands read from memory, so no optimiser can fold them into constants
    (i64.store (i32.const 24) (i64.const 7)) (f64.store (i32.const 32) (f64.const 1.0000001))
    (local.set $x (i64.const 0x1234567)) (local.set $y (i64.load (i32.const 24))) (local.set $f (f64.const 1.5)) (local.set $g (f64.load (i32.const 32)))
    ${w.setup ?? ''}
    (loop $l
      ${withOp ? w.op : (w.emptyOp ?? '')}
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const ${w.iterations}))))
    ;; keep every accumulator alive
    (i64.store (i32.const 0) (i64.add (local.get $x) (local.get $y)))
    (f64.store (i32.const 8) (f64.add (local.get $f) (local.get $g)))
    (i32.store (i32.const 16) (i32.add (local.get $t) (local.get $p)))
    (i32.const 0)))`;
}

export interface Runner {
  readonly engine: WasmEngineManager;
  readonly context: ExecutionContext;
  readonly runs: number;
}

async function prepared(r: Runner, text: string, w: Workload): Promise<{ run: () => void; gas: bigint }> {
  const code = await wat(text);
  const request = { code, method: 'Run', payload: w.payload ?? new Uint8Array(0), gasLimit: GAS, context: { ...r.context, ...w.context } };
  const first = r.engine.callSync(request);
  if (!first.ok) throw new Error(`calibration workload ${w.name} failed: ${first.statusName} ${first.error?.code ?? ''} ${first.error?.message ?? ''}`);
  return {
    gas: first.gasUsed,
    run: () => {
      const res = r.engine.callSync(request);
      if (!res.ok) throw new Error(`calibration workload ${w.name} failed`);
    },
  };
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Like sampleInterleaved (a, b, a, b, ...), in milliseconds of CPU time. */
function sampleCpu(fns: readonly (() => void)[], runs: number, warmup: number): Sample[] {
  for (let i = 0; i < warmup; i++) for (const fn of fns) fn();
  const times: number[][] = fns.map(() => []);
  for (let i = 0; i < runs; i++) {
    fns.forEach((fn, k) => {
      const t0 = cpuMs();
      fn();
      times[k]!.push(cpuMs() - t0);
    });
  }
  return times.map(summarise);
}

/** Marginal ns per gas of one workload's operation. */
export async function calibrate(r: Runner, w: Workload): Promise<Calibration> {
  const full = await prepared(r, moduleText(w, true), w);
  const empty = await prepared(r, moduleText(w, false), w);
  const [tFull, tEmpty] = sampleCpu([full.run, empty.run], r.runs, 2) as [Sample, Sample];
  const dGas = Number(full.gas - empty.gas);
  const dMs = Math.max(0, tFull.median - tEmpty.median);
  return {
    name: w.name,
    nsPerGas: dGas > 0 ? (dMs * 1e6) / dGas : Number.POSITIVE_INFINITY,
    gasPerOp: dGas / w.iterations,
    nsPerOp: (dMs * 1e6) / w.iterations,
    time: tFull,
  };
}

/** The plain-loop baseline: ns per gas of a whole call running a tight i64 loop. */
export async function plainLoop(r: Runner, iterations: number): Promise<{ nsPerGas: number; time: Sample; gas: bigint }> {
  const w: Workload = { name: 'plain loop', op: '(local.set $x (i64.add (local.get $x) (i64.extend_i32_u (local.get $i))))', iterations };
  const full = await prepared(r, moduleText(w, true), w);
  const [t] = sampleCpu([full.run], r.runs, 2) as [Sample];
  return { nsPerGas: (t.median * 1e6) / Number(full.gas), time: t, gas: full.gas };
}
