/**
 * Reassembles an instrumented module: original sections copied verbatim except the ones the
 * engine changes (types appended, memory capped, metering globals added, engine exports
 * added, code rewritten). Custom sections other than "name" are dropped.
 */
import { ByteWriter } from './byte-reader.js';
import { CodeEmitter } from './code-emitter.js';
import { FUNC_TYPE_FORM, ValType } from './opcodes.js';
import { SECTION_ORDER, SectionId, type FuncType, type ParsedModule } from './module-parser.js';
import type { MeteringResult } from './metering.js';

export const ENGINE_EXPORTS = {
  gas: '__wes_gas',
  depth: '__wes_depth',
  oom: '__wes_oom',
  memory: '__wes_memory',
  /** The module's start function, exported instead of run during instantiation. */
  start: '__wes_start',
  /** Prefix of re-exported mutable globals (snapshot/reset of pooled instances). */
  globalPrefix: '__wes_g',
} as const;

/** Kind bytes of export entries. */
const ExternKind = { function: 0x00, table: 0x01, memory: 0x02, global: 0x03 } as const;
const LIMITS_HAS_MAX = 0x01;
const MUTABLE = 0x01;

export interface WriterInput {
  readonly parsed: ParsedModule;
  readonly metering: MeteringResult;
  readonly maxMemoryPages: number;
  readonly initGas: bigint;
}

function typeSection(types: readonly FuncType[]): Uint8Array {
  const w = new ByteWriter();
  w.u32(types.length);
  for (const t of types) {
    w.u8(FUNC_TYPE_FORM).u32(t.params.length);
    for (const p of t.params) w.u8(p);
    w.u32(t.results.length);
    for (const r of t.results) w.u8(r);
  }
  return w.finish();
}

function appendToVector(payload: Uint8Array | undefined, count: number, extra: Uint8Array): Uint8Array {
  // A vector section is count + items: rewrite the count, keep the items, append ours.
  const w = new ByteWriter((payload?.length ?? 0) + extra.length + 8);
  let itemsStart = 0;
  let existing = 0;
  if (payload !== undefined) {
    let shift = 0;
    for (;;) {
      const b = payload[itemsStart++] as number;
      existing += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if ((b & 0x80) === 0) break;
    }
  }
  w.u32(existing + count);
  if (payload !== undefined) w.bytes(payload.subarray(itemsStart));
  w.bytes(extra);
  return w.finish();
}

export function writeInstrumentedModule(input: WriterInput): Uint8Array {
  const { parsed: m, metering, maxMemoryPages, initGas } = input;
  const bySection = new Map<number, Uint8Array>();
  for (const s of m.sections) if (s.id !== SectionId.Custom) bySection.set(s.id, s.payload);

  const gasIndex = m.importedGlobalCount + m.globals.length;
  const depthIndex = gasIndex + 1;
  const oomIndex = gasIndex + 2;

  if (metering.extraTypes.length > 0) {
    bySection.set(SectionId.Type, typeSection([...m.types, ...metering.extraTypes]));
  }

  // Memory: exactly one defined memory (checked earlier); cap its maximum.
  const mem = m.memories[0]!;
  const max = Math.min(mem.max ?? maxMemoryPages, maxMemoryPages);
  bySection.set(SectionId.Memory, new ByteWriter(12).u32(1).u8(LIMITS_HAS_MAX).u32(mem.min).u32(max).finish());

  const globals = new CodeEmitter(32);
  // Appended after every declared global, so no (range-checked) index in the module reaches them.
  // The runtime sets the counter before running anything; the initial value is never used.
  globals.u8(ValType.i64).u8(MUTABLE).i64Const(initGas).end(); // gas
  globals.u8(ValType.i32).u8(MUTABLE).i32Const(0).end(); // depth
  globals.u8(ValType.i32).u8(MUTABLE).i32Const(0).end(); // oom
  bySection.set(SectionId.Global, appendToVector(bySection.get(SectionId.Global), 3, globals.finish()));

  const exports = new ByteWriter(128);
  let exportCount = 4;
  exports.name(ENGINE_EXPORTS.gas).u8(ExternKind.global).u32(gasIndex);
  exports.name(ENGINE_EXPORTS.depth).u8(ExternKind.global).u32(depthIndex);
  exports.name(ENGINE_EXPORTS.oom).u8(ExternKind.global).u32(oomIndex);
  exports.name(ENGINE_EXPORTS.memory).u8(ExternKind.memory).u32(0);
  if (m.start !== undefined) {
    // Run start-up under the call's gas budget, with host functions bound, instead of inside
    // `new WebAssembly.Instance` where neither is possible.
    bySection.delete(SectionId.Start);
    exports.name(ENGINE_EXPORTS.start).u8(ExternKind.function).u32(m.start);
    exportCount++;
  }
  m.globals.forEach((g, i) => {
    if (!g.mutable) return;
    exports.name(`${ENGINE_EXPORTS.globalPrefix}${i}`).u8(ExternKind.global).u32(m.importedGlobalCount + i);
    exportCount++;
  });
  bySection.set(SectionId.Export, appendToVector(bySection.get(SectionId.Export), exportCount, exports.finish()));

  bySection.set(SectionId.Code, metering.codeSection);

  const out = new ByteWriter(m.bytes.length + metering.codeSection.length);
  out.bytes(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
  for (const id of SECTION_ORDER) {
    const payload = bySection.get(id);
    if (payload !== undefined) out.section(id, payload);
  }
  for (const s of m.sections) {
    if (s.id === SectionId.Custom && s.name === 'name') out.section(0, s.payload);
  }
  return out.finish();
}
