/**
 * Parses the sections of a wasm binary into a ParsedModule: enough structure to check the
 * load rules and to rewrite the module, without decoding function bodies (the metering pass
 * does that). Section payloads are kept as views so untouched sections are copied verbatim.
 */
import { LoadRule, ModuleRejectedError } from '../../../../../pkg/errors.js';
import { ByteReader } from './byte-reader.js';
import {
  decodeCodeSection, decodeDataCountSection, decodeDataSection, decodeElementSection, decodeExportSection, decodeFunctionSection,
  decodeGlobalSection, decodeImportSection, decodeMemorySection, decodeStartSection, decodeTableSection, decodeTypeSection,
  emptyModule, unsupported, type ModuleBuilder,
} from './section-decoders.js';

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

export { ValType } from './opcodes.js';

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
  /** Imported functions placed in a table (reachable through call_indirect). */
  readonly tableImports: ReadonlySet<number>;
  readonly importedFunctionCount: number;
  readonly importedGlobalCount: number;
  readonly importedTableCount: number;
  readonly importedMemoryCount: number;
  /** Type index of every function in the function index space (imports first): O(1) lookups. */
  readonly functionTypeOf: readonly number[];
}

type SectionDecoder = (r: ByteReader, m: ModuleBuilder) => void;
const DECODERS: Readonly<Record<number, SectionDecoder>> = {
  [SectionId.Type]: decodeTypeSection,
  [SectionId.Import]: decodeImportSection,
  [SectionId.Function]: decodeFunctionSection,
  [SectionId.Table]: decodeTableSection,
  [SectionId.Memory]: decodeMemorySection,
  [SectionId.Global]: decodeGlobalSection,
  [SectionId.Export]: decodeExportSection,
  [SectionId.Start]: decodeStartSection,
  [SectionId.Element]: decodeElementSection,
  [SectionId.DataCount]: decodeDataCountSection,
  [SectionId.Code]: decodeCodeSection,
  [SectionId.Data]: decodeDataSection,
  [SectionId.Tag]: () => unsupported('exception-handling tags'),
};
/** Position of each section id in the canonical order (-1: unknown id). */
const ORDER_OF: readonly number[] = Array.from({ length: 256 }, (_, id) => SECTION_ORDER.indexOf(id));

function checkHeader(bytes: Uint8Array): void {
  if (bytes.length < 8) throw new ModuleRejectedError(LoadRule.BadMagic, 'not a wasm module: shorter than its 8-byte header');
  if (bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new ModuleRejectedError(LoadRule.BadMagic, 'not a wasm module: missing the \\0asm magic number');
  }
  if (bytes[4] !== 0x01 || bytes[5] !== 0x00 || bytes[6] !== 0x00 || bytes[7] !== 0x00) {
    if (bytes[6] !== 0x00 || bytes[7] !== 0x00) unsupported('component-model binary (layer != 0); compile to a core module');
    throw new ModuleRejectedError(LoadRule.BadVersion, `unsupported wasm binary version ${bytes[4]} (only version 1 is supported)`);
  }
}

/** Splits the module into sections and hands each to its decoder. */
function readSections(bytes: Uint8Array, m: ModuleBuilder): RawSection[] {
  const r = new ByteReader(bytes, 8);
  const sections: RawSection[] = [];
  let lastOrder = -1;
  while (!r.eof) {
    const id = r.u8();
    const size = r.u32();
    const begin = r.pos;
    const end = begin + size;
    if (end > bytes.length) r.fail(`section ${id} runs past the end of the module`);
    const payload = bytes.subarray(begin, end);
    const s = new ByteReader(bytes, begin, end);
    r.pos = end;
    if (id === SectionId.Custom) {
      sections.push({ id, name: s.name(), payload });
      continue;
    }
    const order = ORDER_OF[id] ?? -1;
    if (order < 0) s.fail(`unknown section id ${id}`);
    if (order <= lastOrder) s.fail(`section ${id} out of order or duplicated`);
    lastOrder = order;
    sections.push({ id, payload });
    DECODERS[id]!(s, m);
    if (s.pos !== end) s.fail(`section ${id} has ${end - s.pos} trailing bytes`);
  }
  return sections;
}

export function parseModule(bytes: Uint8Array): ParsedModule {
  checkHeader(bytes);
  const m = emptyModule();
  const sections = readSections(bytes, m);
  const r = new ByteReader(bytes, bytes.length);
  if (m.functionTypes.length !== m.codeBodies.length) {
    r.fail(`function section declares ${m.functionTypes.length} functions but code section has ${m.codeBodies.length}`);
  }
  if (m.dataCount !== undefined && m.dataCount !== m.dataSegments) r.fail(`data count ${m.dataCount} but ${m.dataSegments} data segments`);
  const functionTypeOf: number[] = [];
  for (const imp of m.imports) if (imp.typeIndex !== undefined) functionTypeOf.push(imp.typeIndex);
  for (const t of m.functionTypes) functionTypeOf.push(t);
  return { bytes, sections, ...m, functionTypeOf };
}

/** Type of function `index` in the function index space (imports first). */
export function functionType(m: ParsedModule, index: number): FuncType | undefined {
  const t = m.functionTypeOf[index];
  return t === undefined ? undefined : m.types[t];
}
