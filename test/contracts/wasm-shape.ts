/**
 * Reads the import and export sections of a wasm binary with their function signatures, which the
 * WebAssembly JS API does not expose (no type reflection in Node 20). Test helper only: it trusts
 * its input (our own asc output) and throws on anything it does not understand.
 */

export interface FuncImport {
  module: string;
  name: string;
  /** e.g. "iiii->i" (i = i32, I = i64, f = f32, F = f64), the notation of ABI.md-derived tables. */
  signature: string;
}

export interface ModuleShape {
  imports: FuncImport[];
  /** Non-function imports (memory, table, global), as "module.name". */
  otherImports: string[];
  /** Exported functions by name, with signatures. */
  exports: Map<string, string>;
  /** All export names with their kind: func, table, memory, global. */
  exportKinds: Map<string, string>;
}

const VALTYPE: Record<number, string> = { 0x7f: 'i', 0x7e: 'I', 0x7d: 'f', 0x7c: 'F' };
const KIND = ['func', 'table', 'memory', 'global'];

export function readModuleShape(bytes: Uint8Array): ModuleShape {
  let pos = 8; // magic + version
  const u8 = (): number => {
    if (pos >= bytes.length) throw new Error('wasm-shape: unexpected end');
    return bytes[pos++] as number;
  };
  const u32 = (): number => {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = u8();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
    throw new Error('wasm-shape: bad LEB128');
  };
  const name = (): string => {
    const n = u32();
    const s = new TextDecoder().decode(bytes.subarray(pos, pos + n));
    pos += n;
    return s;
  };
  const limits = (): void => {
    const flags = u8();
    u32();
    if (flags & 1) u32();
  };

  const types: string[] = [];
  const funcTypes: number[] = []; // type index of every function, imports first
  const shape: ModuleShape = { imports: [], otherImports: [], exports: new Map(), exportKinds: new Map() };
  const exported: [string, number, number][] = [];

  while (pos < bytes.length) {
    const id = u8();
    const size = u32();
    const end = pos + size;
    if (id === 1) {
      for (let n = u32(); n > 0; n--) {
        if (u8() !== 0x60) throw new Error('wasm-shape: not a func type');
        const params = Array.from({ length: u32() }, () => VALTYPE[u8()] ?? '?').join('');
        const results = Array.from({ length: u32() }, () => VALTYPE[u8()] ?? '?').join('');
        types.push(`${params}->${results}`);
      }
    } else if (id === 2) {
      for (let n = u32(); n > 0; n--) {
        const module = name();
        const field = name();
        const kind = u8();
        if (kind === 0) {
          const t = u32();
          funcTypes.push(t);
          shape.imports.push({ module, name: field, signature: types[t] ?? '?' });
        } else {
          shape.otherImports.push(`${module}.${field}`);
          if (kind === 1) { u8(); limits(); }
          else if (kind === 2) limits();
          else if (kind === 3) { u8(); u8(); }
          else throw new Error(`wasm-shape: import kind ${kind}`);
        }
      }
    } else if (id === 3) {
      for (let n = u32(); n > 0; n--) funcTypes.push(u32());
    } else if (id === 7) {
      for (let n = u32(); n > 0; n--) exported.push([name(), u8(), u32()]);
    }
    pos = end;
  }
  for (const [exportName, kind, index] of exported) {
    shape.exportKinds.set(exportName, KIND[kind] ?? `kind${kind}`);
    if (kind === 0) shape.exports.set(exportName, types[funcTypes[index] ?? -1] ?? '?');
  }
  return shape;
}
