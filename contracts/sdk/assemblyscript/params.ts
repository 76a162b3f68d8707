// Call parameters: the payload from get_contract_init_params, parsed as one JSON object. An empty
// payload counts as {}. Getters never throw: a missing or malformed required value clears `ok`,
// so a method reads everything first and then returns Status.INVALID_PARAMS once.
//
//   const p = Params.load();
//   const to = p.address("to");
//   const amount = p.u64("amount");
//   if (!p.ok) return Status.INVALID_PARAMS;

import { get_contract_init_params } from "./env";
import { fromUtf8, ptr } from "./bytes";
import { JsonKind, JsonObject } from "./json";
import { ADDRESS_LENGTH, parseAddress } from "./address";

const FIRST_READ_CAPACITY: i32 = 1024;
/** Longest id accepted by id(): keeps storage keys small. */
export const MAX_ID_LENGTH: i32 = 128;

/** The raw payload bytes (JSON by convention). */
export function readParamBytes(): Uint8Array {
  let buf = new Uint8Array(FIRST_READ_CAPACITY);
  const n = get_contract_init_params(ptr(buf), buf.length);
  assert(n >= 0, "get_contract_init_params failed");
  if (n > buf.length) {
    // Returns the full length and writes nothing when it does not fit: retry with that size.
    buf = new Uint8Array(n);
    assert(get_contract_init_params(ptr(buf), buf.length) == n, "get_contract_init_params: size changed");
  }
  return buf.slice(0, n);
}

export class Params {
  /** False once any required value was missing or malformed, or the payload was not an object. */
  ok: bool = true;

  constructor(public json: JsonObject) {}

  static load(): Params {
    return Params.fromBytes(readParamBytes());
  }

  static fromBytes(bytes: Uint8Array): Params {
    let text = fromUtf8(bytes);
    if (text.trim().length == 0) text = "{}";
    const obj = JsonObject.parse(text);
    if (obj == null) {
      const p = new Params(new JsonObject("{}"));
      p.ok = false;
      return p;
    }
    return new Params(obj);
  }

  /** True when the key is present and not null. */
  has(key: string): bool {
    return !this.json.isAbsent(key);
  }

  /** A required string of at most maxLength UTF-16 units. */
  string(key: string, maxLength: i32 = 1024): string {
    const s = this.json.getString(key);
    if (s == null || s.length > maxLength) return this.fail<string>("");
    return s;
  }

  optionalString(key: string, fallback: string, maxLength: i32 = 1024): string {
    return this.has(key) ? this.string(key, maxLength) : fallback;
  }

  /** A required unsigned integer: JSON number (digits only) or decimal string. */
  u64(key: string): u64 {
    const r = this.json.getU64(key);
    if (!r.ok) return this.fail<u64>(0);
    return r.value;
  }

  optionalU64(key: string, fallback: u64): u64 {
    return this.has(key) ? this.u64(key) : fallback;
  }

  /** A required JSON boolean. */
  bool(key: string): bool {
    const b = this.json.getBool(key);
    if (b < 0) return this.fail<bool>(false);
    return b == 1;
  }

  /** A required address (Base58Check or 40-hex). */
  address(key: string): Uint8Array {
    const s = this.json.getString(key);
    if (s != null) {
      const a = parseAddress(s);
      if (a != null) return a;
    }
    return this.fail<Uint8Array>(new Uint8Array(ADDRESS_LENGTH));
  }

  optionalAddress(key: string, fallback: Uint8Array): Uint8Array {
    return this.has(key) ? this.address(key) : fallback;
  }

  /** A required identifier: a non-empty string of at most MAX_ID_LENGTH units, or an unsigned integer. */
  id(key: string): string {
    if (this.json.kind(key) == JsonKind.NUMBER) {
      const r = this.json.getU64(key);
      if (!r.ok) return this.fail<string>("");
      return r.value.toString();
    }
    const s = this.json.getString(key);
    if (s == null || s.length == 0 || s.length > MAX_ID_LENGTH) return this.fail<string>("");
    return s;
  }

  private fail<T>(placeholder: T): T {
    this.ok = false;
    return placeholder;
  }
}
