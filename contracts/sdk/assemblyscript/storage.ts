// Contract state through the v1.1 functions (ABI.md §3): state_read returns the value's full length
// (writing only if it fits) or -code; state_write/state_delete return 0 or -code. Keys are UTF-8
// strings. Reads see this call's pending writes first.

import { get_state_version, state_delete, state_read, state_write } from "./env";
import { fromUtf8, parseU64, ptr, utf8 } from "./bytes";
import { ADDRESS_LENGTH } from "./address";

const NOT_FOUND: i32 = -2002;
const FIRST_READ_CAPACITY: i32 = 256;

export class Storage {
  /** The stored bytes, or null if the key is absent. Other host errors abort the call. */
  static get(key: string): Uint8Array | null {
    const k = utf8(key);
    let out = new Uint8Array(FIRST_READ_CAPACITY);
    let n = state_read(ptr(k), k.length, ptr(out), out.length);
    if (n == NOT_FOUND) return null;
    assert(n >= 0, "state_read failed");
    if (n > out.length) {
      // Too big for the first buffer: nothing was written; read again with the exact size.
      out = new Uint8Array(n);
      const again = state_read(ptr(k), k.length, ptr(out), out.length);
      assert(again == n, "state_read: value changed size");
    }
    return out.slice(0, n);
  }

  static getString(key: string): string | null {
    const v = Storage.get(key);
    return v == null ? null : fromUtf8(v);
  }

  static getStringOr(key: string, absent: string): string {
    const v = Storage.getString(key);
    return v == null ? absent : v;
  }

  /** A 20-byte address stored with setAddress; null if absent. Aborts on a corrupt record. */
  static getAddress(key: string): Uint8Array | null {
    const v = Storage.get(key);
    if (v == null) return null;
    assert(v.length == ADDRESS_LENGTH, "stored value is not an address");
    return v;
  }

  /** A u64 stored as a decimal string (see setU64); `absent` if the key is not set. */
  static getU64(key: string, absent: u64 = 0): u64 {
    const v = Storage.getString(key);
    if (v == null) return absent;
    const r = parseU64(v);
    assert(r.ok, "stored value is not a u64");
    return r.value;
  }

  static has(key: string): bool {
    const k = utf8(key);
    const n = state_read(ptr(k), k.length, 0, 0); // capacity 0: only asks for the length
    if (n == NOT_FOUND) return false;
    assert(n >= 0, "state_read failed");
    return true;
  }

  /** False if the host refused the write (e.g. a size limit). */
  static set(key: string, value: Uint8Array): bool {
    const k = utf8(key);
    return state_write(ptr(k), k.length, ptr(value), value.length) == 0;
  }

  static setString(key: string, value: string): bool {
    return Storage.set(key, utf8(value));
  }

  static setAddress(key: string, addr: Uint8Array): bool {
    assert(addr.length == ADDRESS_LENGTH, "address must be 20 bytes");
    return Storage.set(key, addr);
  }

  /** Stored as a decimal string, so state viewers show the number. */
  static setU64(key: string, value: u64): bool {
    return Storage.setString(key, value.toString());
  }

  /** True when the host reports success (0); an absent key is the host's -2002, so false. */
  static delete(key: string): bool {
    const k = utf8(key);
    return state_delete(ptr(k), k.length) == 0;
  }

  /** Version of the key (each write adds 1); 0 if absent. */
  static version(key: string): u64 {
    const k = utf8(key);
    return <u64>get_state_version(ptr(k), k.length);
  }
}
