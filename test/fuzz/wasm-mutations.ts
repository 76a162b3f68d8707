/**
 * Structure-aware mutations of a wasm binary. Each mutation is plain data, so a failing mutant
 * can be written down as its base module plus a short list of edits and replayed without the
 * PRNG (test/fuzz/regressions.ts).
 */
import { Prng } from './prng.js';

export type Mutation =
  | { readonly op: 'flip'; readonly at: number; readonly bit: number }
  | { readonly op: 'insert'; readonly at: number; readonly byte: number }
  | { readonly op: 'delete'; readonly at: number; readonly count: number }
  /** Rewrites the unsigned LEB128 at `at` as `value` (same width when it fits, else minimal). */
  | { readonly op: 'leb'; readonly at: number; readonly value: number }
  /** Swaps section `section` with the next one. */
  | { readonly op: 'swap'; readonly section: number }
  | { readonly op: 'duplicate'; readonly section: number }
  | { readonly op: 'truncate'; readonly length: number };

export type MutationKind = Mutation['op'];

interface Section {
  readonly id: number;
  /** Offset of the id byte. */
  readonly start: number;
  /** Offset of the first payload byte. */
  readonly payload: number;
  readonly end: number;
}

const HEADER_BYTES = 8;
const CODE_SECTION = 10;

/** Opcodes followed directly by an index or depth immediate (call, br, br_if, local.*, global.*, call_indirect, memory ops). */
const INDEX_OPCODES = new Set([0x0c, 0x0d, 0x10, 0x11, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x3f, 0x40]);

export function readLeb(bytes: Uint8Array, at: number): { value: number; width: number } | undefined {
  let value = 0;
  for (let i = 0; i < 5 && at + i < bytes.length; i++) {
    const b = bytes[at + i]!;
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) return { value, width: i + 1 };
  }
  return undefined;
}

/** Unsigned LEB128 of `value` (< 2^35), padded to `width` bytes when it fits in them. */
export function encodeLeb(value: number, width = 1): number[] {
  const out: number[] = [];
  let v = value;
  do {
    out.push(v % 128);
    v = Math.floor(v / 128);
  } while (v > 0);
  while (out.length < width) out.push(0);
  for (let i = 0; i < out.length - 1; i++) out[i]! |= 0x80;
  return out;
}

/** The section list, or as much of it as parses (mutants may be broken anywhere). */
export function sectionsOf(bytes: Uint8Array): Section[] {
  const out: Section[] = [];
  let pos = HEADER_BYTES;
  while (pos < bytes.length) {
    const size = readLeb(bytes, pos + 1);
    if (size === undefined) break;
    const payload = pos + 1 + size.width;
    const end = payload + size.value;
    if (end > bytes.length) break;
    out.push({ id: bytes[pos]!, start: pos, payload, end });
    pos = end;
  }
  return out;
}

function splice(bytes: Uint8Array, at: number, remove: number, insert: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(bytes.length - remove + insert.length);
  out.set(bytes.subarray(0, at));
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
}

/** Applies one mutation; one that does not fit these bytes (e.g. a section that is gone) changes nothing. */
export function applyMutation(bytes: Uint8Array, m: Mutation): Uint8Array {
  switch (m.op) {
    case 'flip': {
      if (m.at >= bytes.length) return bytes;
      const out = bytes.slice();
      out[m.at]! ^= 1 << m.bit;
      return out;
    }
    case 'insert':
      return m.at > bytes.length ? bytes : splice(bytes, m.at, 0, [m.byte]);
    case 'delete':
      return m.at >= bytes.length ? bytes : splice(bytes, m.at, Math.min(m.count, bytes.length - m.at), []);
    case 'leb': {
      const old = readLeb(bytes, m.at);
      return old === undefined ? bytes : splice(bytes, m.at, old.width, encodeLeb(m.value, old.width));
    }
    case 'swap': {
      const s = sectionsOf(bytes);
      const a = s[m.section];
      const b = s[m.section + 1];
      if (a === undefined || b === undefined) return bytes;
      const swapped = new Uint8Array(b.end - a.start);
      swapped.set(bytes.subarray(b.start, b.end));
      swapped.set(bytes.subarray(a.start, a.end), b.end - b.start);
      return splice(bytes, a.start, swapped.length, swapped);
    }
    case 'duplicate': {
      const s = sectionsOf(bytes)[m.section];
      return s === undefined ? bytes : splice(bytes, s.end, 0, bytes.subarray(s.start, s.end));
    }
    case 'truncate':
      return bytes.subarray(0, Math.min(m.length, bytes.length)).slice();
  }
}

export function applyMutations(base: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes = base;
  for (const m of mutations) bytes = applyMutation(bytes, m);
  return bytes;
}

const WEIGHTS: Readonly<Record<MutationKind, number>> = { flip: 30, insert: 8, delete: 8, leb: 36, swap: 6, duplicate: 6, truncate: 6 };

/** A new value for an LEB field that was `old`: neighbours (one past the declared indices), 0, small, huge. */
function lebValue(rng: Prng, old: number): number {
  switch (rng.below(5)) {
    case 0:
      return old + rng.between(1, 3);
    case 1:
      return Math.max(0, old - rng.between(1, 2));
    case 2:
      return 0;
    case 3:
      return rng.below(128);
    default:
      return rng.pick([0x7f, 0x80, 0xffff, 0x1_0000, 0x7fff_ffff, 0xffff_ffff]);
  }
}

/** Where an LEB field is: a section's size or first count, or an index immediate in the code section. */
function lebSite(rng: Prng, bytes: Uint8Array): number | undefined {
  const sections = sectionsOf(bytes);
  if (sections.length === 0) return undefined;
  const code = sections.find((s) => s.id === CODE_SECTION);
  // Section sizes and counts mostly give LOAD_MALFORMED; index immediates reach the rewriter.
  if (code !== undefined && rng.chance(0.85)) {
    let at = rng.between(code.payload, code.end - 1);
    for (const limit = Math.min(code.end - 1, at + 256); at < limit; at++) {
      if (INDEX_OPCODES.has(bytes[at]!)) return at + 1;
    }
    return undefined;
  }
  const s = rng.pick(sections);
  return rng.chance(0.5) ? s.start + 1 : s.payload;
}

function nextMutation(rng: Prng, bytes: Uint8Array): Mutation | undefined {
  const n = bytes.length;
  const kind = rng.weighted(WEIGHTS);
  switch (kind) {
    case 'flip': {
      if (n === 0) return undefined;
      const code = rng.chance(0.6) ? sectionsOf(bytes).find((s) => s.id === CODE_SECTION) : undefined;
      const at = code === undefined ? rng.below(n) : rng.between(code.payload, code.end - 1);
      return { op: 'flip', at, bit: rng.below(8) };
    }
    case 'insert':
      return { op: 'insert', at: rng.below(n + 1), byte: rng.below(256) };
    case 'delete':
      return n === 0 ? undefined : { op: 'delete', at: rng.below(n), count: rng.chance(0.8) ? 1 : rng.between(2, 16) };
    case 'leb': {
      const at = lebSite(rng, bytes);
      const old = at === undefined ? undefined : readLeb(bytes, at);
      return at === undefined || old === undefined ? undefined : { op: 'leb', at, value: lebValue(rng, old.value) };
    }
    case 'swap':
    case 'duplicate': {
      const count = sectionsOf(bytes).length;
      return count < 2 ? undefined : { op: kind, section: rng.below(count - 1) };
    }
    case 'truncate':
      return n <= HEADER_BYTES ? undefined : { op: 'truncate', length: rng.between(HEADER_BYTES, n - 1) };
  }
}

/** One mutant: 1 to 3 mutations drawn from `seed`, each chosen against the bytes the previous one left. */
export function mutate(base: Uint8Array, seed: number): { bytes: Uint8Array; mutations: Mutation[] } {
  const rng = new Prng(seed);
  const count = rng.chance(0.7) ? 1 : rng.between(2, 3);
  const mutations: Mutation[] = [];
  let bytes = base;
  for (let tries = 0; mutations.length < count && tries < 16; tries++) {
    const m = nextMutation(rng, bytes);
    if (m === undefined) continue;
    bytes = applyMutation(bytes, m);
    mutations.push(m);
  }
  return { bytes, mutations };
}
