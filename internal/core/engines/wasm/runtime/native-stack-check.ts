/**
 * Start-up check that this thread's native stack can hold the deterministic stack budget.
 *
 * Calls must end with EXEC_STACK_OVERFLOW at the same depth and gas on every machine, so V8's
 * own stack (whose size depends on --stack-size, the thread and the platform) must never run
 * out first. Rather than trust a formula, the engine runs the instrumented worst-case frame
 * shapes (the ones with the most native bytes per slot: many i64 locals, many i64 params, many
 * i64 results; about 8 bytes per slot, see NATIVE_STACK in pkg/config.ts) down to a slot
 * budget worth requiredNativeStackBytes(limits) at that rate — twice the configured budget plus
 * the host reserve. If V8's stack runs out first, the engine refuses to start with
 * CONFIG_STACK_TOO_SMALL instead of producing results that would depend on the machine.
 * Passed checks are remembered per thread (module state is per isolate).
 */
import { NATIVE_STACK, requiredNativeStackBytes, type EngineLimits } from '../../../../../pkg/config.js';
import { EngineConfigError } from '../../../../../pkg/errors.js';
import { ByteWriter } from '../loader/byte-reader.js';
import { inspectModule } from '../loader/loader.js';
import { ENGINE_EXPORTS } from '../loader/module-writer.js';
import type { ImportTable } from '../abi/host-function.js';

/** Native bytes per slot of the probe shapes (the measured worst case). */
const PROBE_BYTES_PER_SLOT = 8;
const I32 = 0x7f;
const I64 = 0x7e;
const WIDE = 100;

interface ProbeShape {
  readonly name: string;
  readonly params: readonly number[];
  readonly results: readonly number[];
  readonly i64Locals: number;
  readonly args: readonly (number | bigint)[];
}

const SHAPES: readonly ProbeShape[] = [
  { name: '1000 i64 locals', params: [I32], results: [I32], i64Locals: 1000, args: [0] },
  { name: `${WIDE} i64 params`, params: Array<number>(WIDE).fill(I64), results: [I32], i64Locals: 0, args: Array<bigint>(WIDE).fill(0n) },
  { name: `${WIDE} i64 results`, params: [I32], results: Array<number>(WIDE).fill(I64), i64Locals: 0, args: [0] },
];

function section(w: ByteWriter, id: number, body: ByteWriter): void {
  const b = body.finish();
  w.u8(id).u32(b.length).bytes(b);
}

/** `(func $f (export "f") <shape> (call $f <its own params>))` with one memory page. */
function probeModule(s: ProbeShape): Uint8Array {
  const w = new ByteWriter(256);
  w.bytes(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  const types = new ByteWriter().u32(1).u8(0x60).u32(s.params.length);
  for (const p of s.params) types.u8(p);
  types.u32(s.results.length);
  for (const r of s.results) types.u8(r);
  section(w, 1, types);
  section(w, 3, new ByteWriter().u32(1).u32(0));
  section(w, 5, new ByteWriter().u32(1).u8(0x00).u32(1));
  const name = new TextEncoder().encode('f');
  section(w, 7, new ByteWriter().u32(1).u32(name.length).bytes(name).u8(0x00).u32(0));
  const body = new ByteWriter();
  if (s.i64Locals > 0) body.u32(1).u32(s.i64Locals).u8(I64);
  else body.u32(0);
  for (let i = 0; i < s.params.length; i++) body.u8(0x20).u32(i); // local.get i
  body.u8(0x10).u32(0).u8(0x0b); // call 0; end
  const b = body.finish();
  section(w, 10, new ByteWriter().u32(1).u32(b.length).bytes(b));
  return w.finish();
}

const passed = new Set<number>();
/** The probe modules import nothing. */
const NO_IMPORTS: ImportTable = { lookup: () => undefined, fingerprint: 'no-imports' };

/** Throws EngineConfigError(CONFIG_STACK_TOO_SMALL) if `limits` cannot run deterministically here. */
export function checkNativeStack(limits: EngineLimits): void {
  const required = requiredNativeStackBytes(limits);
  const probeSlots = Math.ceil(required / PROBE_BYTES_PER_SLOT);
  if (passed.has(probeSlots)) return;
  const probeLimits: EngineLimits = { ...limits, maxStackSlots: probeSlots, maxLocalsPerFunction: Math.max(limits.maxLocalsPerFunction, 1000) };
  for (const shape of SHAPES) {
    const code = inspectModule(probeModule(shape), probeLimits, NO_IMPORTS).instrumented;
    const ex = new WebAssembly.Instance(new WebAssembly.Module(code as Uint8Array<ArrayBuffer>), {}).exports;
    (ex[ENGINE_EXPORTS.gas] as WebAssembly.Global).value = 1n << 62n;
    const depth = ex[ENGINE_EXPORTS.depth] as WebAssembly.Global;
    try {
      (ex['f'] as (...a: (number | bigint)[]) => unknown)(...shape.args);
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError && (depth.value as number) > probeSlots) continue;
      if (e instanceof RangeError) {
        throw new EngineConfigError(
          'STACK_TOO_SMALL',
          `this thread's native stack is too small for maxStackSlots=${limits.maxStackSlots}: it needs about ${Math.ceil(required / 1024)} KiB free ` +
            `(${NATIVE_STACK.bytesPerSlotBound} bytes per slot plus ${NATIVE_STACK.hostReserveBytes / 1024} KiB for host functions). ` +
            `Run the node with a larger stack (node --stack-size, or a worker with resourceLimits.stackSizeMb) or lower maxStackSlots.`,
          { maxStackSlots: limits.maxStackSlots, requiredBytes: required, shape: shape.name, reachedSlots: depth.value as number },
        );
      }
      throw e;
    }
  }
  passed.add(probeSlots);
}
