/**
 * Parses the sections of a wasm binary into a ParsedModule: enough structure to check the
 * load rules and to rewrite the module, without decoding function bodies (the metering pass
 * does that). Section payloads are kept as views so untouched sections are copied verbatim.
 */
import { LoadRule, ModuleRejectedError } from '../../../../../pkg/errors.js';
import { ByteReader } from './byte-reader.js';

export const SectionId = {
  Custom: 0,
  Type: 1,
  Import: 2,
  Function: 3,
  Table: 4,
  Memory: 5,
  Global: 6,
  Export: 7,
  Start: 8,
  Element: 9,
  Code: 10,
  Data: 11,
  DataCount: 12,
  Tag: 13,
} as const;

/** Canonical order of non-custom sections in a module. */
export const SECTION_ORDER: readonly number[] = [1, 2, 3, 4, 5, 6, 13, 7, 8, 9, 12, 10, 11];

export const ValType = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b, funcref: 0x70, externref: 0x6f } as const;
const NUM_TYPES = new Set<number>([0x7f, 0x7e, 0x7d, 0x7c]);

export interface FuncType {
  readonly params: readonly number[];
  readonly results: readonly number[];
}

export type ImportKind = 'function' | 'table' | 'memory' | 'global' | 'tag';
export interface ImportEntry {
  readonly module: string;
  readonly name: string;
  readonly kind: ImportKind;
  /** Function imports: index into types. */
  readonly typeIndex?: number;
}

export interface Limits {
  readonly min: number;
  readonly max: number | undefined;
  readonly shared: boolean;
  readonly memory64: boolean;
}

export interface GlobalEntry {
  readonly type: number;
  readonly mutable: boolean;
}

export type ExportKind = 'function' | 'table' | 'memory' | 'global' | 'tag';
export interface ExportEntry {
  readonly name: string;
  readonly kind: ExportKind;
  readonly index: number;
}

export interface RawSection {
  readonly id: number;
  readonly name?: string;
  /** Payload (without id and size). */
  readonly payload: Uint8Array;
}

export interface CodeBody {
  /** Offsets of the body (locals + instructions) in the module bytes. */
  readonly start: number;
  readonly end: number;
}

export interface ParsedModule {
  readonly bytes: Uint8Array;
  readonly sections: readonly RawSection[];
  readonly types: readonly FuncType[];
  readonly imports: readonly ImportEntry[];
  /** Type index of each function defined in the module (not imports). */
  readonly functionTypes: readonly number[];
  readonly tables: readonly Limits[];
  readonly tableElemTypes: readonly number[];
  readonly memories: readonly Limits[];
  readonly globals: readonly GlobalEntry[];
  readonly exports: readonly ExportEntry[];
  readonly start: number | undefined;
  readonly elementSegments: number;
  readonly dataSegments: number;
  readonly passiveDataSegments: number;
  readonly dataCount: number | undefined;
  readonly codeBodies: readonly CodeBody[];
  readonly importedFunctionCount: number;
  readonly importedGlobalCount: number;
}

const EXPORT_KINDS: readonly ExportKind[] = ['function', 'table', 'memory', 'global', 'tag'];
const IMPORT_KINDS: readonly ImportKind[] = ['function', 'table', 'memory', 'global', 'tag'];

function feature(what: string): never {
  throw new ModuleRejectedError(LoadRule.UnsupportedFeature, `unsupported wasm feature: ${what}`, { feature: what });
}

function readValType(r: ReaderLike): number {
  const t = r.u8();
  if (NUM_TYPES.has(t)) return t;
  if (t === ValType.v128) feature('SIMD (v128 values)');
  if (t === ValType.funcref || t === ValType.externref) feature('reference-typed values');
  return r.fail(`unknown value type 0x${t.toString(16)}`);
}
type ReaderLike = ByteReader;

function readLimits(r: ByteReader): Limits {
  const flags = r.u8();
  if (flags > 0x07) r.fail(`bad limits flags 0x${flags.toString(16)}`);
  const memory64 = (flags & 0x04) !== 0;
  if (memory64) feature('memory64');
  const shared = (flags & 0x02) !== 0;
  const min = r.u32();
  const max = flags & 0x01 ? r.u32() : undefined;
  return { min, max, shared, memory64 };
}

/** Skips a constant expression (global init, segment offset) up to and including `end`. */
function skipConstExpr(r: ByteReader): void {
  for (let guard = 0; guard < 64; guard++) {
    const op = r.u8();
    switch (op) {
      case 0x0b:
        return;
      case 0x41:
        r.skipLeb(5);
        break;
      case 0x42:
        r.skipLeb(10);
        break;
      case 0x43:
        r.skip(4);
        break;
      case 0x44:
        r.skip(8);
        break;
      case 0x23:
        r.u32();
        break;
      case 0xd0:
      case 0xd2:
        feature('reference types in constant expressions');
        break;
      case 0x6a:
      case 0x6b:
      case 0x6c:
      case 0x7c:
      case 0x7d:
      case 0x7e:
        feature('extended constant expressions');
        break;
      default:
        r.fail(`unsupported opcode 0x${op.toString(16)} in constant expression`);
    }
  }
  r.fail('constant expression too long');
}

function count(r: ByteReader, end: number): number {
  const n = r.u32();
  // Each entry takes at least one byte: a count larger than the rest is malformed.
  if (n > end - r.pos) r.fail(`vector count ${n} exceeds section size`);
  return n;
}

export function parseModule(bytes: Uint8Array): ParsedModule {
  const r = new ByteReader(bytes);
  if (bytes.length < 8) throw new ModuleRejectedError(LoadRule.BadMagic, 'not a wasm module: shorter than its 8-byte header');
  if (bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new ModuleRejectedError(LoadRule.BadMagic, 'not a wasm module: missing the \\0asm magic number');
  }
  if (bytes[4] !== 0x01 || bytes[5] !== 0x00 || bytes[6] !== 0x00 || bytes[7] !== 0x00) {
    if (bytes[6] !== 0x00 || bytes[7] !== 0x00) {
      feature('component-model binary (layer != 0); compile to a core module');
    }
    throw new ModuleRejectedError(LoadRule.BadVersion, `unsupported wasm binary version ${bytes[4]} (only version 1 is supported)`);
  }
  r.pos = 8;

  const sections: RawSection[] = [];
  const types: FuncType[] = [];
  const imports: ImportEntry[] = [];
  const functionTypes: number[] = [];
  const tables: Limits[] = [];
  const tableElemTypes: number[] = [];
  const memories: Limits[] = [];
  const globals: GlobalEntry[] = [];
  const exports: ExportEntry[] = [];
  const codeBodies: CodeBody[] = [];
  let start: number | undefined;
  let elementSegments = 0;
  let dataSegments = 0;
  let passiveDataSegments = 0;
  let dataCount: number | undefined;
  let lastOrder = -1;

  while (!r.eof) {
    const id = r.u8();
    const size = r.u32();
    const begin = r.pos;
    const end = begin + size;
    if (end > bytes.length) r.fail(`section ${id} runs past the end of the module`);
    const payload = bytes.subarray(begin, end);
    const s = new ByteReader(bytes, begin, end);

    if (id === SectionId.Custom) {
      const name = s.name();
      sections.push({ id, name, payload });
      r.pos = end;
      continue;
    }
    const order = SECTION_ORDER.indexOf(id);
    if (order < 0) r.fail(`unknown section id ${id}`);
    if (order <= lastOrder) r.fail(`section ${id} out of order or duplicated`);
    lastOrder = order;
    sections.push({ id, payload });

    switch (id) {
      case SectionId.Type: {
        const n = count(s, end);
        for (let i = 0; i < n; i++) {
          const form = s.u8();
          if (form !== 0x60) feature(`type form 0x${form.toString(16)} (GC / recursive types)`);
          const np = count(s, end);
          const params: number[] = [];
          for (let j = 0; j < np; j++) params.push(readValType(s));
          const nr = count(s, end);
          const results: number[] = [];
          for (let j = 0; j < nr; j++) results.push(readValType(s));
          types.push({ params, results });
        }
        break;
      }
      case SectionId.Import: {
        const n = count(s, end);
        for (let i = 0; i < n; i++) {
          const module = s.name();
          const name = s.name();
          const kindByte = s.u8();
          const kind = IMPORT_KINDS[kindByte];
          if (kind === undefined) s.fail(`unknown import kind ${kindByte}`);
          if (kind === 'function') {
            const typeIndex = s.u32();
            imports.push({ module, name, kind, typeIndex });
          } else {
            if (kind === 'table') {
              s.u8();
              readLimits(s);
            } else if (kind === 'memory') {
              readLimits(s);
            } else if (kind === 'global') {
              readValType(s);
              s.u8();
            } else {
              feature('exception-handling tags');
            }
            imports.push({ module, name, kind });
          }
        }
        break;
      }
      case SectionId.Function: {
        const n = count(s, end);
        for (let i = 0; i < n; i++) functionTypes.push(s.u32());
        break;
      }
      case SectionId.Table: {
        const n = count(s, end);
        for (let i = 0; i < n; i++) {
          const et = s.u8();
          if (et === 0x40) feature('table initialiser expressions');
          tableElemTypes.push(et);
          tables.push(readLimits(s));
        }
        break;
      }
      case SectionId.Memory: {
        const n = count(s, end);
        for (let i = 0; i < n; i++) memories.push(readLimits(s));
        break;
      }
      case SectionId.Global: {
        const n = count(s, end);
        for (let i = 0; i < n; i++) {
          const type = readValType(s);
          const mut = s.u8();
          if (mut > 1) s.fail('bad global mutability');
          skipConstExpr(s);
          globals.push({ type, mutable: mut === 1 });
        }
        break;
      }
      case SectionId.Export: {
        const n = count(s, end);
        for (let i = 0; i < n; i++) {
          const name = s.name();
          const kindByte = s.u8();
          const kind = EXPORT_KINDS[kindByte];
          if (kind === undefined) s.fail(`unknown export kind ${kindByte}`);
          exports.push({ name, kind, index: s.u32() });
        }
        break;
      }
      case SectionId.Start:
        start = s.u32();
        break;
      case SectionId.Element: {
        const n = count(s, end);
        elementSegments = n;
        for (let i = 0; i < n; i++) {
          const flags = s.u32();
          // MVP form only: active segment on table 0, function indices.
          if (flags !== 0) feature(`element segment form ${flags} (bulk-table / reference types)`);
          skipConstExpr(s);
          const k = count(s, end);
          for (let j = 0; j < k; j++) s.u32();
        }
        break;
      }
      case SectionId.DataCount:
        dataCount = s.u32();
        break;
      case SectionId.Code: {
        const n = count(s, end);
        for (let i = 0; i < n; i++) {
          const bodySize = s.u32();
          const bodyStart = s.pos;
          s.skip(bodySize);
          codeBodies.push({ start: bodyStart, end: bodyStart + bodySize });
        }
        break;
      }
      case SectionId.Data: {
        const n = count(s, end);
        dataSegments = n;
        for (let i = 0; i < n; i++) {
          const flags = s.u32();
          if (flags === 0) {
            skipConstExpr(s);
          } else if (flags === 1) {
            passiveDataSegments++;
          } else if (flags === 2) {
            s.u32();
            skipConstExpr(s);
          } else {
            s.fail(`bad data segment flags ${flags}`);
          }
          const len = s.u32();
          s.skip(len);
        }
        break;
      }
      case SectionId.Tag:
        feature('exception-handling tags');
    }
    if (s.pos !== end) s.fail(`section ${id} has ${end - s.pos} trailing bytes`);
    r.pos = end;
  }

  if (functionTypes.length !== codeBodies.length) {
    r.fail(`function section declares ${functionTypes.length} functions but code section has ${codeBodies.length}`);
  }
  for (const t of functionTypes) if (t >= types.length) r.fail(`function type index ${t} out of range`);
  for (const imp of imports) {
    if (imp.typeIndex !== undefined && imp.typeIndex >= types.length) r.fail(`import type index out of range`);
  }

  return {
    bytes,
    sections,
    types,
    imports,
    functionTypes,
    tables,
    tableElemTypes,
    memories,
    globals,
    exports,
    start,
    elementSegments,
    dataSegments,
    passiveDataSegments,
    dataCount,
    codeBodies,
    importedFunctionCount: imports.filter((i) => i.kind === 'function').length,
    importedGlobalCount: imports.filter((i) => i.kind === 'global').length,
  };
}

/** Type of function `index` in the function index space (imports first). */
export function functionType(m: ParsedModule, index: number): FuncType | undefined {
  if (index < m.importedFunctionCount) {
    let k = 0;
    for (const imp of m.imports) {
      if (imp.kind !== 'function') continue;
      if (k === index) return m.types[imp.typeIndex as number];
      k++;
    }
    return undefined;
  }
  const t = m.functionTypes[index - m.importedFunctionCount];
  return t === undefined ? undefined : m.types[t];
}
