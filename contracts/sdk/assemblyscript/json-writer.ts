// JSON writer producing UTF-8 bytes directly (what emit_event / set_return_data / storage take).
// Strings are escaped per RFC 8259: '"', '\\' and control characters; other UTF-8 passes through
// (escaping bytes is safe because multi-byte UTF-8 sequences never contain bytes < 0x80).
//
//   const w = new JsonWriter();          // starts an object: {
//   w.str("name", "x").num("n", 3).beginObject("inner").bool("ok", true).endObject();
//   const bytes = w.finish();           // closes whatever is still open

import { utf8 } from "./bytes";

export class JsonWriter {
  private buf: Uint8Array = new Uint8Array(128);
  private len: i32 = 0;
  // One entry per open container: whether a member was already written (so a comma is due).
  private hasMember: bool[] = [];
  // Parallel to hasMember: whether that container is an array (its items have no keys).
  private isArray: bool[] = [];

  constructor() {
    this.open(0x7b, false);
  }

  str(key: string, value: string): JsonWriter {
    this.key(key);
    this.quoted(utf8(value));
    return this;
  }

  num(key: string, value: u64): JsonWriter {
    this.key(key);
    this.ascii(value.toString());
    return this;
  }

  /** A u64 as a decimal string: the chain's convention for amounts (exact beyond 2^53). */
  amount(key: string, value: u64): JsonWriter {
    this.key(key);
    this.byte(0x22);
    this.ascii(value.toString());
    this.byte(0x22);
    return this;
  }

  bool(key: string, value: bool): JsonWriter {
    this.key(key);
    this.ascii(value ? "true" : "false");
    return this;
  }

  nul(key: string): JsonWriter {
    this.key(key);
    this.ascii("null");
    return this;
  }

  /** Inserts already-serialised JSON (trusted to be valid) as the member's value. */
  raw(key: string, json: Uint8Array): JsonWriter {
    this.key(key);
    this.bytes(json);
    return this;
  }

  /** Opens a nested object; inside an array the key is ignored. */
  beginObject(key: string): JsonWriter {
    this.key(key);
    this.open(0x7b, false);
    return this;
  }

  beginArray(key: string): JsonWriter {
    this.key(key);
    this.open(0x5b, true);
    return this;
  }

  endObject(): JsonWriter {
    return this.close();
  }

  endArray(): JsonWriter {
    return this.close();
  }

  /** Closes every open container and returns the document. The writer must not be reused. */
  finish(): Uint8Array {
    let open = this.hasMember.length;
    while (open-- > 0) this.close();
    return this.buf.slice(0, this.len);
  }

  private open(bracket: u8, array: bool): void {
    this.byte(bracket);
    this.hasMember.push(false);
    this.isArray.push(array);
  }

  private close(): JsonWriter {
    const depth = this.hasMember.length;
    assert(depth > 0, "JsonWriter: nothing open");
    this.hasMember.pop();
    this.byte(this.isArray.pop() ? 0x5d : 0x7d);
    return this;
  }

  private key(key: string): void {
    const top = this.hasMember.length - 1;
    assert(top >= 0, "JsonWriter: document already finished");
    if (this.hasMember[top]) this.byte(0x2c);
    this.hasMember[top] = true;
    if (this.isArray[top]) return;
    this.quoted(utf8(key));
    this.byte(0x3a);
  }

  private quoted(s: Uint8Array): void {
    this.byte(0x22);
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c == 0x22 || c == 0x5c) {
        this.byte(0x5c);
        this.byte(c);
      } else if (c == 0x0a) this.ascii("\\n");
      else if (c == 0x0d) this.ascii("\\r");
      else if (c == 0x09) this.ascii("\\t");
      else if (c < 0x20) {
        this.ascii("\\u00");
        this.byte(HEX_DIGITS[c >> 4]);
        this.byte(HEX_DIGITS[c & 15]);
      } else this.byte(c);
    }
    this.byte(0x22);
  }

  private ascii(s: string): void {
    for (let i = 0; i < s.length; i++) this.byte(<u8>s.charCodeAt(i));
  }

  private bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  private byte(b: u8): void {
    this.reserve(1);
    this.buf[this.len++] = b;
  }

  private reserve(extra: i32): void {
    const need = this.len + extra;
    if (need <= this.buf.length) return;
    let cap = this.buf.length << 1;
    if (cap < need) cap = need;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}

const HEX_DIGITS: u8[] = [0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66];
