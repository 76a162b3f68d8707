/**
 * Grows a wasm module to a target size with unused functions (never exported or called), so a
 * "1 MB contract" has 1 MB of real code to validate, instrument and compile while its methods do
 * exactly what the original's do. Adds one type `() -> i64` and bodies of i64 constant additions.
 */

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const b = Number(n & 0x7fn);
    n >>= 7n;
    if ((n === 0n && (b & 0x40) === 0) || (n === -1n && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function readUleb(bytes: Uint8Array, pos: number): [value: number, next: number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++]!;
    result |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [result >>> 0, pos];
    shift += 7;
  }
}

interface RawSection {
  readonly id: number;
  readonly body: Uint8Array;
}

function sections(code: Uint8Array): RawSection[] {
  const out: RawSection[] = [];
  let pos = 8;
  while (pos < code.length) {
    const id = code[pos]!;
    const [size, start] = readUleb(code, pos + 1);
    out.push({ id, body: code.subarray(start, start + size) });
    pos = start + size;
  }
  return out;
}

function concat(parts: readonly (Uint8Array | readonly number[])[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/** Appends `extra` entries (already encoded) to a vector section body. */
function appendToVector(body: Uint8Array, count: number, extra: Uint8Array): Uint8Array {
  const [n, start] = readUleb(body, 0);
  return concat([uleb(n + count), body.subarray(start), extra]);
}

function encodeSection(id: number, body: Uint8Array): Uint8Array {
  return concat([[id, ...uleb(body.length)], body]);
}

/** One unused function body of about `bytes` bytes: sum of pseudo-random i64 constants. */
function body(seed: number, bytes: number): Uint8Array {
  const expr: number[] = [];
  let x = BigInt(seed) * 0x9e3779b97f4a7c15n;
  const next = (): number[] => {
    x = (x * 6364136223846793005n + 1442695040888963407n) & ((1n << 63n) - 1n);
    return [0x42, ...sleb(x >> 20n)]; // i64.const
  };
  expr.push(...next());
  while (expr.length < bytes) expr.push(...next(), 0x7c); // i64.add
  const fn = [0x00, ...expr, 0x0b]; // no locals, expr, end
  return concat([uleb(fn.length), fn]);
}

/** `code` plus unused functions until the module is at least `targetBytes` long. */
export function padWasm(code: Uint8Array, targetBytes: number, functionBytes = 4096): Uint8Array {
  if (code.length >= targetBytes) return code;
  const secs = sections(code);
  const typeSec = secs.find((s) => s.id === 1);
  const funcSec = secs.find((s) => s.id === 3);
  const codeSec = secs.find((s) => s.id === 10);
  if (typeSec === undefined || funcSec === undefined || codeSec === undefined) throw new Error('padWasm: module needs type, function and code sections');
  const [typeCount] = readUleb(typeSec.body, 0);
  const count = Math.ceil((targetBytes - code.length) / (functionBytes + 8));
  const bodies = concat(Array.from({ length: count }, (_, i) => body(i + 1, functionBytes)));
  const funcIndices = concat(Array.from({ length: count }, () => uleb(typeCount)));
  const out: Uint8Array[] = [code.subarray(0, 8)];
  for (const s of secs) {
    if (s.id === 1) out.push(encodeSection(1, appendToVector(s.body, 1, Uint8Array.from([0x60, 0x00, 0x01, 0x7e]))));
    else if (s.id === 3) out.push(encodeSection(3, appendToVector(s.body, count, funcIndices)));
    else if (s.id === 10) out.push(encodeSection(10, appendToVector(s.body, count, bodies)));
    else out.push(encodeSection(s.id, s.body));
  }
  return concat(out);
}
