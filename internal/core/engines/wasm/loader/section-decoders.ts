/**
 * One decoder per wasm section. Each reads its section's payload into the module being built,
 * range-checking every index against the index spaces declared by earlier sections (the binary
 * order guarantees they are complete by then).
 */
import { LoadRule, ModuleRejectedError } from '../../../../../pkg/errors.js';
import type { ByteReader } from './byte-reader.js';
import { FUNC_TYPE_FORM, Op, ValType } from './opcodes.js';
import type { CodeBody, ExportEntry, ExportKind, FuncType, GlobalEntry, ImportEntry, ImportKind, Limits } from './module-parser.js';

/** The module under construction: what the section decoders fill in. */
export interface ModuleBuilder {
  readonly types: FuncType[];
  readonly imports: ImportEntry[];
  readonly functionTypes: number[];
  readonly tables: Limits[];
  readonly tableElemTypes: number[];
  readonly memories: Limits[];
  readonly globals: GlobalEntry[];
  readonly exports: ExportEntry[];
  readonly codeBodies: CodeBody[];
  /** Imported functions placed in a table (reachable through call_indirect). */
  readonly tableImports: Set<number>;
  start: number | undefined;
  elementSegments: number;
  dataSegments: number;
  passiveDataSegments: number;
  dataCount: number | undefined;
  importedFunctionCount: number;
  importedGlobalCount: number;
  importedTableCount: number;
  importedMemoryCount: number;
}

export function emptyModule(): ModuleBuilder {
  return {
    types: [], imports: [], functionTypes: [], tables: [], tableElemTypes: [], memories: [], globals: [], exports: [], codeBodies: [], tableImports: new Set(),
    start: undefined, elementSegments: 0, dataSegments: 0, passiveDataSegments: 0, dataCount: undefined,
    importedFunctionCount: 0, importedGlobalCount: 0, importedTableCount: 0, importedMemoryCount: 0,
  };
}

const KINDS: readonly ImportKind[] = ['function', 'table', 'memory', 'global', 'tag'];
const NUM_TYPES: ReadonlySet<number> = new Set([ValType.i32, ValType.i64, ValType.f32, ValType.f64]);
/** Hard ceiling of the wasm32 memory index space (4 GiB in 64 KiB pages). */
export const WASM32_MAX_PAGES = 65_536;

export function unsupported(what: string): never {
  throw new ModuleRejectedError(LoadRule.UnsupportedFeature, `unsupported wasm feature: ${what}`, { feature: what });
}

export function readValType(r: ByteReader): number {
  const t = r.u8();
  if (NUM_TYPES.has(t)) return t;
  if (t === ValType.v128) unsupported('SIMD (v128 values)');
  if (t === ValType.funcref || t === ValType.externref) unsupported('reference-typed values');
  return r.fail(`unknown value type 0x${t.toString(16)}`);
}

function readLimits(r: ByteReader, memory: boolean): Limits {
  const flags = r.u8();
  if (flags > 0x07) r.fail(`bad limits flags 0x${flags.toString(16)}`);
  const memory64 = (flags & 0x04) !== 0;
  if (memory64) unsupported('memory64');
  const shared = (flags & 0x02) !== 0;
  const min = r.u32();
  const max = flags & 0x01 ? r.u32() : undefined;
  if (max !== undefined && max < min) r.fail(`limits maximum ${max} below minimum ${min}`);
  if (memory && Math.max(min, max ?? 0) > WASM32_MAX_PAGES) {
    throw new ModuleRejectedError(LoadRule.MemoryTooLarge, `memory limits ${min}..${max ?? ''} exceed the wasm32 maximum of ${WASM32_MAX_PAGES} pages`, {
      pages: Math.max(min, max ?? 0),
      limit: WASM32_MAX_PAGES,
    });
  }
  return { min, max, shared, memory64 };
}

/** Reads a constant expression (global init, segment offset) up to and including `end`. */
function skipConstExpr(r: ByteReader, globalCount: number): void {
  for (let guard = 0; guard < 64; guard++) {
    const op = r.u8();
    switch (op) {
      case Op.end: return;
      case Op.i32Const: r.skipLeb(5); break;
      case Op.i64Const: r.skipLeb(10); break;
      case Op.f32Const: r.skip(4); break;
      case Op.f64Const: r.skip(8); break;
      case Op.globalGet: r.index(globalCount, 'global'); break;
      case 0xd0: case 0xd2: unsupported('reference types in constant expressions'); break;
      case 0x6a: case 0x6b: case 0x6c: case 0x7c: case 0x7d: case 0x7e: unsupported('extended constant expressions'); break;
      default: r.fail(`unsupported opcode 0x${op.toString(16)} in constant expression`);
    }
  }
  r.fail('constant expression too long');
}

/** A vector count; each entry takes at least one byte, so a count beyond the section end is malformed. */
export function vectorCount(r: ByteReader): number {
  const n = r.u32();
  if (n > r.end - r.pos) r.fail(`vector count ${n} exceeds section size`);
  return n;
}

function functionCount(m: ModuleBuilder): number {
  return m.importedFunctionCount + m.functionTypes.length;
}

export function decodeTypeSection(r: ByteReader, m: ModuleBuilder): void {
  const n = vectorCount(r);
  for (let i = 0; i < n; i++) {
    const form = r.u8();
    if (form !== FUNC_TYPE_FORM) unsupported(`type form 0x${form.toString(16)} (GC / recursive types)`);
    const params: number[] = [];
    for (let j = vectorCount(r); j > 0; j--) params.push(readValType(r));
    const results: number[] = [];
    for (let j = vectorCount(r); j > 0; j--) results.push(readValType(r));
    m.types.push({ params, results });
  }
}

export function decodeImportSection(r: ByteReader, m: ModuleBuilder): void {
  const n = vectorCount(r);
  for (let i = 0; i < n; i++) {
    const module = r.name();
    const name = r.name();
    const kindByte = r.u8();
    const kind = KINDS[kindByte];
    if (kind === undefined) r.fail(`unknown import kind ${kindByte}`);
    if (kind === 'function') {
      m.imports.push({ module, name, kind, typeIndex: r.index(m.types.length, 'type') });
      m.importedFunctionCount++;
      continue;
    }
    if (kind === 'table') {
      r.u8();
      readLimits(r, false);
      m.importedTableCount++;
    } else if (kind === 'memory') {
      readLimits(r, true);
      m.importedMemoryCount++;
    } else if (kind === 'global') {
      readValType(r);
      if (r.u8() > 1) r.fail('bad global mutability');
      m.importedGlobalCount++;
    } else {
      unsupported('exception-handling tags');
    }
    m.imports.push({ module, name, kind });
  }
}

export function decodeFunctionSection(r: ByteReader, m: ModuleBuilder): void {
  const n = vectorCount(r);
  for (let i = 0; i < n; i++) m.functionTypes.push(r.index(m.types.length, 'type'));
}

export function decodeTableSection(r: ByteReader, m: ModuleBuilder): void {
  const n = vectorCount(r);
  for (let i = 0; i < n; i++) {
    const et = r.u8();
    if (et === 0x40) unsupported('table initialiser expressions');
    m.tableElemTypes.push(et);
    m.tables.push(readLimits(r, false));
  }
}

export function decodeMemorySection(r: ByteReader, m: ModuleBuilder): void {
  const n = vectorCount(r);
  for (let i = 0; i < n; i++) m.memories.push(readLimits(r, true));
}

export function decodeGlobalSection(r: ByteReader, m: ModuleBuilder): void {
  const n = vectorCount(r);
  for (let i = 0; i < n; i++) {
    const type = readValType(r);
    const mut = r.u8();
    if (mut > 1) r.fail('bad global mutability');
    // Initialisers may only read imported globals.
    skipConstExpr(r, m.importedGlobalCount);
    m.globals.push({ type, mutable: mut === 1 });
  }
}

export function decodeExportSection(r: ByteReader, m: ModuleBuilder): void {
  const n = vectorCount(r);
  const spaces: Record<ExportKind, number> = {
    function: functionCount(m),
    table: m.importedTableCount + m.tables.length,
    memory: m.importedMemoryCount + m.memories.length,
    global: m.importedGlobalCount + m.globals.length,
    tag: 0,
  };
  for (let i = 0; i < n; i++) {
    const name = r.name();
    const kindByte = r.u8();
    const kind = KINDS[kindByte];
    if (kind === undefined) r.fail(`unknown export kind ${kindByte}`);
    m.exports.push({ name, kind, index: r.index(spaces[kind], kind) });
  }
}

export function decodeStartSection(r: ByteReader, m: ModuleBuilder): void {
  m.start = r.index(functionCount(m), 'function');
}

export function decodeElementSection(r: ByteReader, m: ModuleBuilder): void {
  const n = vectorCount(r);
  m.elementSegments = n;
  const globals = m.importedGlobalCount + m.globals.length;
  for (let i = 0; i < n; i++) {
    const flags = r.u32();
    // MVP form only: active segment on table 0, function indices.
    if (flags !== 0) unsupported(`element segment form ${flags} (bulk-table / reference types)`);
    if (m.importedTableCount + m.tables.length === 0) r.fail('element segment without a table');
    skipConstExpr(r, globals);
    for (let k = vectorCount(r); k > 0; k--) {
      const f = r.index(functionCount(m), 'function');
      if (f < m.importedFunctionCount) m.tableImports.add(f);
    }
  }
}

export function decodeDataCountSection(r: ByteReader, m: ModuleBuilder): void {
  m.dataCount = r.u32();
}

export function decodeCodeSection(r: ByteReader, m: ModuleBuilder): void {
  const n = vectorCount(r);
  for (let i = 0; i < n; i++) {
    const bodySize = r.u32();
    const bodyStart = r.pos;
    r.skip(bodySize);
    m.codeBodies.push({ start: bodyStart, end: bodyStart + bodySize });
  }
}

export function decodeDataSection(r: ByteReader, m: ModuleBuilder): void {
  const n = vectorCount(r);
  m.dataSegments = n;
  const globals = m.importedGlobalCount + m.globals.length;
  const memories = m.importedMemoryCount + m.memories.length;
  for (let i = 0; i < n; i++) {
    const flags = r.u32();
    if (flags === 0) {
      if (memories === 0) r.fail('data segment without a memory');
      skipConstExpr(r, globals);
    } else if (flags === 1) {
      m.passiveDataSegments++;
    } else if (flags === 2) {
      r.index(memories, 'memory');
      skipConstExpr(r, globals);
    } else {
      r.fail(`bad data segment flags ${flags}`);
    }
    r.skip(r.u32());
  }
}
