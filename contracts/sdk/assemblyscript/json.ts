// A small JSON reader for call parameters and stored records: one object's members, values kept as
// raw spans and decoded on request. Nested objects/arrays are validated and can be opened with
// getObject(). Every loop advances through the input, so work is bounded by its length; nesting is
// bounded by MAX_DEPTH and the members of one object by MAX_MEMBERS.

import { parseU64, U64Result } from "./bytes";

export const MAX_DEPTH: i32 = 32;
/** Members of one parsed object: lookups are linear, so this keeps parsing O(n · MAX_MEMBERS). */
export const MAX_MEMBERS: i32 = 256;

export namespace JsonKind {
  export const STRING: u8 = 1;
  export const NUMBER: u8 = 2;
  export const BOOL: u8 = 3;
  export const NULL: u8 = 4;
  export const OBJECT: u8 = 5;
  export const ARRAY: u8 = 6;
}

export class JsonObject {
  private keys: string[] = [];
  private kinds: u8[] = [];
  private starts: i32[] = [];
  private ends: i32[] = [];

  constructor(private src: string) {}

  /** Parses one JSON object (surrounding whitespace allowed); null if malformed or keys repeat. */
  static parse(text: string): JsonObject | null {
    return parseObjectAt(text, 0, 0);
  }

  /** Number of members. */
  get size(): i32 {
    return this.keys.length;
  }

  keyAt(i: i32): string {
    return this.keys[i];
  }

  has(key: string): bool {
    return this.indexOf(key) >= 0;
  }

  /** The member's JsonKind, or 0 when absent. */
  kind(key: string): u8 {
    const i = this.indexOf(key);
    return i < 0 ? 0 : this.kinds[i];
  }

  /** True when the key is absent or its value is null. */
  isAbsent(key: string): bool {
    const k = this.kind(key);
    return k == 0 || k == JsonKind.NULL;
  }

  /** The decoded string value, or null if absent, not a string, or badly escaped. */
  getString(key: string): string | null {
    const i = this.indexOf(key);
    if (i < 0 || this.kinds[i] != JsonKind.STRING) return null;
    return decodeString(this.src, this.starts[i], this.ends[i]);
  }

  getStringOr(key: string, fallback: string): string {
    const s = this.getString(key);
    return s == null ? fallback : s;
  }

  /** An unsigned integer given as a JSON number (digits only) or as a decimal string. */
  getU64(key: string): U64Result {
    const i = this.indexOf(key);
    if (i < 0) return U64Result.fail();
    const kind = this.kinds[i];
    if (kind == JsonKind.NUMBER) return parseU64(this.src.substring(this.starts[i], this.ends[i]));
    if (kind == JsonKind.STRING) {
      const s = decodeString(this.src, this.starts[i], this.ends[i]);
      return s == null ? U64Result.fail() : parseU64(s);
    }
    return U64Result.fail();
  }

  /** -1 when absent or not a boolean, else 0 (false) or 1 (true). */
  getBool(key: string): i32 {
    const i = this.indexOf(key);
    if (i < 0 || this.kinds[i] != JsonKind.BOOL) return -1;
    return this.src.charCodeAt(this.starts[i]) == 0x74 ? 1 : 0; // 't'
  }

  getObject(key: string): JsonObject | null {
    const i = this.indexOf(key);
    if (i < 0 || this.kinds[i] != JsonKind.OBJECT) return null;
    return JsonObject.parse(this.src.substring(this.starts[i], this.ends[i]));
  }

  /** The value's JSON text exactly as given (e.g. to store or forward a nested object). */
  getRaw(key: string): string | null {
    const i = this.indexOf(key);
    return i < 0 ? null : this.src.substring(this.starts[i], this.ends[i]);
  }

  private indexOf(key: string): i32 {
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] == key) return i;
    return -1;
  }

  /** Used by the parser; false on a duplicate key or past MAX_MEMBERS. */
  add(key: string, kind: u8, start: i32, end: i32): bool {
    if (this.keys.length >= MAX_MEMBERS) return false;
    if (this.indexOf(key) >= 0) return false; // duplicate keys are ambiguous: reject
    this.keys.push(key);
    this.kinds.push(kind);
    this.starts.push(start);
    this.ends.push(end);
    return true;
  }
}

function isWs(c: i32): bool {
  return c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d;
}

function skipWs(s: string, i: i32): i32 {
  while (i < s.length && isWs(s.charCodeAt(i))) i++;
  return i;
}

function parseObjectAt(s: string, from: i32, depth: i32): JsonObject | null {
  const obj = new JsonObject(s);
  let i = skipWs(s, from);
  if (i >= s.length || s.charCodeAt(i) != 0x7b) return null; // '{'
  i = skipWs(s, i + 1);
  if (i < s.length && s.charCodeAt(i) == 0x7d) return skipWs(s, i + 1) == s.length ? obj : null;
  while (i < s.length) {
    const keyEnd = scanString(s, i);
    if (keyEnd < 0) return null;
    const key = decodeString(s, i, keyEnd);
    if (key == null) return null;
    i = skipWs(s, keyEnd);
    if (i >= s.length || s.charCodeAt(i) != 0x3a) return null; // ':'
    i = skipWs(s, i + 1);
    const valEnd = scanValue(s, i, depth + 1);
    if (valEnd < 0) return null;
    if (!obj.add(key, kindAt(s, i), i, valEnd)) return null;
    i = skipWs(s, valEnd);
    if (i >= s.length) return null;
    const c = s.charCodeAt(i);
    if (c == 0x7d) return skipWs(s, i + 1) == s.length ? obj : null; // '}' then only whitespace
    if (c != 0x2c) return null; // ','
    i = skipWs(s, i + 1);
  }
  return null;
}

function kindAt(s: string, i: i32): u8 {
  const c = s.charCodeAt(i);
  if (c == 0x22) return JsonKind.STRING;
  if (c == 0x7b) return JsonKind.OBJECT;
  if (c == 0x5b) return JsonKind.ARRAY;
  if (c == 0x74 || c == 0x66) return JsonKind.BOOL;
  if (c == 0x6e) return JsonKind.NULL;
  return JsonKind.NUMBER;
}

/** End (exclusive) of the value starting at i, or -1. */
function scanValue(s: string, i: i32, depth: i32): i32 {
  if (i >= s.length || depth > MAX_DEPTH) return -1;
  const c = s.charCodeAt(i);
  if (c == 0x22) return scanString(s, i);
  if (c == 0x7b) return scanContainer(s, i, depth, true);
  if (c == 0x5b) return scanContainer(s, i, depth, false);
  if (c == 0x74) return scanLiteral(s, i, "true");
  if (c == 0x66) return scanLiteral(s, i, "false");
  if (c == 0x6e) return scanLiteral(s, i, "null");
  return scanNumber(s, i);
}

function scanLiteral(s: string, i: i32, lit: string): i32 {
  if (i + lit.length > s.length) return -1;
  for (let k = 0; k < lit.length; k++) if (s.charCodeAt(i + k) != lit.charCodeAt(k)) return -1;
  return i + lit.length;
}

function isDigit(c: i32): bool {
  return c >= 0x30 && c <= 0x39;
}

/** -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
function scanNumber(s: string, i: i32): i32 {
  const n = s.length;
  if (i < n && s.charCodeAt(i) == 0x2d) i++;
  if (i >= n || !isDigit(s.charCodeAt(i))) return -1;
  if (s.charCodeAt(i) == 0x30) i++;
  else while (i < n && isDigit(s.charCodeAt(i))) i++;
  if (i < n && s.charCodeAt(i) == 0x2e) {
    i++;
    if (i >= n || !isDigit(s.charCodeAt(i))) return -1;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
  }
  if (i < n && (s.charCodeAt(i) | 0x20) == 0x65) {
    i++;
    if (i < n && (s.charCodeAt(i) == 0x2b || s.charCodeAt(i) == 0x2d)) i++;
    if (i >= n || !isDigit(s.charCodeAt(i))) return -1;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
  }
  return i;
}

/** End (exclusive, after the closing quote) of the string starting at i, or -1. */
function scanString(s: string, i: i32): i32 {
  const n = s.length;
  if (i >= n || s.charCodeAt(i) != 0x22) return -1;
  i++;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c == 0x22) return i + 1;
    if (c < 0x20) return -1; // raw control characters are not allowed in JSON strings
    i += c == 0x5c ? 2 : 1; // escapes are checked when decoded
  }
  return -1;
}

function scanContainer(s: string, i: i32, depth: i32, isObject: bool): i32 {
  const close = isObject ? 0x7d : 0x5d;
  i = skipWs(s, i + 1);
  if (i < s.length && s.charCodeAt(i) == close) return i + 1;
  while (i < s.length) {
    if (isObject) {
      const keyEnd = scanString(s, i);
      if (keyEnd < 0) return -1;
      i = skipWs(s, keyEnd);
      if (i >= s.length || s.charCodeAt(i) != 0x3a) return -1;
      i = skipWs(s, i + 1);
    }
    const end = scanValue(s, i, depth + 1);
    if (end < 0) return -1;
    i = skipWs(s, end);
    if (i >= s.length) return -1;
    const c = s.charCodeAt(i);
    if (c == close) return i + 1;
    if (c != 0x2c) return -1;
    i = skipWs(s, i + 1);
  }
  return -1;
}

/** Decodes the JSON string spanning [start, end) including quotes; null on a bad escape. */
export function decodeString(s: string, start: i32, end: i32): string | null {
  const from = start + 1;
  const to = end - 1;
  const firstEscape = s.indexOf("\\", from);
  if (firstEscape < 0 || firstEscape >= to) return s.substring(from, to);
  const out = new Uint16Array(to - from);
  let n = 0;
  let i = from;
  while (i < to) {
    let c = s.charCodeAt(i++);
    if (c == 0x5c) {
      if (i >= to) return null;
      const e = s.charCodeAt(i++);
      if (e == 0x22 || e == 0x5c || e == 0x2f) c = e;
      else if (e == 0x62) c = 0x08;
      else if (e == 0x66) c = 0x0c;
      else if (e == 0x6e) c = 0x0a;
      else if (e == 0x72) c = 0x0d;
      else if (e == 0x74) c = 0x09;
      else if (e == 0x75) {
        if (i + 4 > to) return null;
        c = 0;
        for (let k = 0; k < 4; k++) {
          const h = hexDigit(s.charCodeAt(i + k));
          if (h < 0) return null;
          c = (c << 4) | h;
        }
        i += 4; // surrogate pairs arrive as two \u escapes and stay two UTF-16 units
      } else return null;
    }
    out[n++] = <u16>c;
  }
  return String.UTF16.decodeUnsafe(out.dataStart, <usize>n << 1);
}

function hexDigit(c: i32): i32 {
  if (isDigit(c)) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x57;
  return -1;
}
