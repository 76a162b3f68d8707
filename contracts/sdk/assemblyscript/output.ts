// What a call hands back: return data (set_return_data, last call wins), events (emit_event) and
// debug logs (log_debug, not consensus).

import { emit_event, log_debug, set_return_data } from "./env";
import { ptr, utf8 } from "./bytes";
import { JsonWriter } from "./json-writer";
import { addressToBase58 } from "./address";

/** Sets the call's return data (the last call wins); false if the host refused it. */
export function returnBytes(b: Uint8Array): bool {
  return set_return_data(ptr(b), b.length) == 0;
}

/** Sets the return data to `s` as UTF-8. */
export function returnString(s: string): bool {
  return returnBytes(utf8(s));
}

/** A u64 as decimal text (amounts are decimal strings on this chain). */
export function returnU64(v: u64): bool {
  return returnString(v.toString());
}

/** Sets the return data to the JSON object `w` has written. */
export function returnJson(w: JsonWriter): bool {
  return returnBytes(w.finish());
}

/**
 * Ends a method with a failure and its reason: sets the return data to `message` and returns
 * `status` (use a non-zero Status). The caller sees both — `wes call`/`wes run` print
 * "INVALID_PARAMS: amount must be > 0", the test harness has it in `returned`. As with any
 * non-zero status, the call's state writes, outputs and events are discarded.
 *   if (amount == 0) return fail(Status.INVALID_PARAMS, "amount must be > 0");
 */
export function fail(status: u32, message: string): u32 {
  returnString(message);
  return status;
}

/** Writes a debug line (log_debug): shown by `wes run` and the test harness, not part of consensus. */
export function logDebug(msg: string): void {
  const b = utf8(msg);
  log_debug(ptr(b), b.length);
}

/**
 * An event `{"name":..,"data":{...}}`. Build the data with the chained setters, then emit().
 *   new Event("Transfer").address("from", a).address("to", b).amount("amount", n).emit();
 */
export class Event {
  readonly data: JsonWriter = new JsonWriter();

  constructor(public name: string) {}

  str(key: string, value: string): Event {
    this.data.str(key, value);
    return this;
  }

  num(key: string, value: u64): Event {
    this.data.num(key, value);
    return this;
  }

  amount(key: string, value: u64): Event {
    this.data.amount(key, value);
    return this;
  }

  bool(key: string, value: bool): Event {
    this.data.bool(key, value);
    return this;
  }

  /** The address as Base58Check text. */
  address(key: string, addr: Uint8Array): Event {
    this.data.str(key, addressToBase58(addr));
    return this;
  }

  /** Serialises `{"name":..,"data":..}`; the Event must not be changed afterwards. */
  toBytes(): Uint8Array {
    return new JsonWriter().str("name", this.name).raw("data", this.data.finish()).finish();
  }

  emit(): bool {
    const b = this.toBytes();
    return emit_event(ptr(b), b.length) == 0;
  }
}
