/**
 * Valid modules of about 4 MB whose shapes once made the loader quadratic (issue 10): many
 * imports with calls to the last one, and many types with multi-value functions. Built byte by
 * byte (wabt is far too slow for modules this size). Used by the load-time test and the bench.
 */
import { DEFAULT_LIMITS } from '../../pkg/config.js';

const I32 = 0x7f;
const I64 = 0x7e;
const F32 = 0x7d;
const F64 = 0x7c;

class Bytes {
  readonly out: number[] = [];
  u8(...b: number[]): this {
    for (const x of b) this.out.push(x);
    return this;
  }
  u32(v: number): this {
    do {
      let b = v & 0x7f;
      v >>>= 7;
      if (v !== 0) b |= 0x80;
      this.out.push(b);
    } while (v !== 0);
    return this;
  }
  append(b: readonly number[]): this {
    for (const x of b) this.out.push(x);
    return this;
  }
  name(s: string): this {
    const b = new TextEncoder().encode(s);
    return this.u32(b.length).u8(...b);
  }
  section(id: number, body: Bytes): this {
    this.u8(id).u32(body.out.length);
    for (const x of body.out) this.out.push(x);
    return this;
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

function header(): Bytes {
  return new Bytes().u8(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
}

function memoryAndExport(w: Bytes): void {
  w.section(5, new Bytes().u32(1).u8(0x00).u32(1));
  w.section(7, new Bytes().u32(1).name('memory').u8(0x02).u32(0));
}

/**
 * `imports` copies of env.get_block_height and a few functions, each calling the last import
 * over and over, up to about `targetBytes` in all.
 */
export function manyImportsModule(targetBytes = DEFAULT_LIMITS.maxModuleBytes - 64 * 1024, imports = 19_990): Uint8Array {
  const w = header();
  w.section(1, new Bytes().u32(2).u8(0x60, 0, 1, I64).u8(0x60, 0, 0));
  const imp = new Bytes().u32(imports);
  for (let i = 0; i < imports; i++) imp.name('env').name('get_block_height').u8(0x00).u32(0);
  w.section(2, imp);
  const callBytes = new Bytes().u8(0x10).u32(imports - 1).u8(0x1a).out; // call $last; drop
  const bodyCalls = Math.floor((DEFAULT_LIMITS.maxFunctionBodyBytes - 16) / callBytes.length);
  const functions = Math.max(1, Math.ceil((targetBytes - w.out.length) / (bodyCalls * callBytes.length)));
  const fsec = new Bytes().u32(functions);
  for (let f = 0; f < functions; f++) fsec.u32(1);
  w.section(3, fsec);
  memoryAndExport(w);
  let remaining = targetBytes - w.out.length - 16 * functions;
  const code = new Bytes().u32(functions);
  for (let f = 0; f < functions; f++) {
    const calls = Math.max(1, Math.min(bodyCalls, Math.floor(remaining / callBytes.length)));
    remaining -= calls * callBytes.length;
    const body = new Bytes().u32(0);
    for (let c = 0; c < calls; c++) body.append(callBytes);
    body.u8(0x0b);
    code.u32(body.out.length).append(body.out);
  }
  w.section(10, code);
  return w.finish();
}

const VAL_TYPES = [I32, I64, F32, F64];
const CONST_OF: Record<number, number[]> = {
  [I32]: [0x41, 0x00],
  [I64]: [0x42, 0x00],
  [F32]: [0x43, 0, 0, 0, 0],
  [F64]: [0x44, 0, 0, 0, 0, 0, 0, 0, 0],
};

/** Distinct `[] -> [10 values]` type number k (base-4 digits pick the value types). */
function resultsOf(k: number): number[] {
  const r: number[] = [];
  for (let d = 0; d < 10; d++) {
    r.push(VAL_TYPES[k & 3]!);
    k >>>= 2;
  }
  return r;
}

/**
 * `types` distinct multi-value types and up to 19,999 functions, each returning ten values of
 * one of the last types, padded with `i32.const 0; drop` to about `targetBytes`. Type counts
 * past the limit make a small module (V8 itself is quadratic in distinct types, so the loader
 * must reject those before V8 sees them).
 */
export function manyTypesModule(
  types = DEFAULT_LIMITS.maxTypes,
  targetBytes = DEFAULT_LIMITS.maxModuleBytes - 64 * 1024,
  functions = 19_999,
): Uint8Array {
  const bodyOf = (k: number): number[] => [0, ...resultsOf(k).flatMap((t) => CONST_OF[t]!), 0x0b];
  const w = header();
  const tsec = new Bytes().u32(types);
  for (let k = 0; k < types; k++) tsec.u8(0x60, 0, 10, ...resultsOf(k));
  w.section(1, tsec);
  const fsec = new Bytes().u32(functions);
  for (let f = 0; f < functions; f++) fsec.u32(types - 1 - (f % types));
  w.section(3, fsec);
  memoryAndExport(w);
  let bodies = 0;
  for (let f = 0; f < functions; f++) bodies += bodyOf(types - 1 - (f % types)).length + 4;
  const padPairs = Math.max(0, Math.floor((targetBytes - w.out.length - bodies) / functions / 3));
  const code = new Bytes().u32(functions);
  for (let f = 0; f < functions; f++) {
    const body = bodyOf(types - 1 - (f % types));
    const pad: number[] = [];
    for (let p = 0; p < padPairs; p++) pad.push(0x41, 0x00, 0x1a);
    const full = [body[0]!, ...pad, ...body.slice(1)];
    code.u32(full.length).append(full);
  }
  w.section(10, code);
  return w.finish();
}
