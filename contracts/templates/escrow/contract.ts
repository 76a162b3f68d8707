// Time-locked escrow with funds tracked in contract state.
//
// Create/Deposit {id, beneficiary, amount, unlockHeight? | unlockTime?} records that the caller (the
// depositor) committed `amount` for `beneficiary`. At most one of unlockHeight / unlockTime may be
// given; with neither, the escrow is unlocked at once. "Unlocked" means block height >= unlockHeight
// (or block timestamp >= unlockTime, unix seconds).
//
// The lock splits time in two, so exactly one way out is open at any moment:
//   - before the unlock point: Refund {id}, by the depositor only (cancels the escrow);
//     Release answers INVALID_STATE (still locked).
//   - from the unlock point on: Release {id}, by the depositor or the beneficiary;
//     Refund answers TIMEOUT (the refund window has passed).
// Either way the escrow is closed once: a second Release/Refund answers INVALID_STATE, and a closed
// id cannot be reused (Create answers ALREADY_EXISTS).
//
// Released/refunded amounts are credited to "credit/<40-hex>" (see CreditOf): the contract's
// ledger of what it owes each address. Paying credits out as UTXOs (Token.transfer from the
// contract) and checking that the carrying transaction really paid `amount` in are left to the
// integrator.
//
// State: "escrow/<id>" (JSON record below), "credit/<40-hex>" (decimal), "locked" (decimal: sum of
// open escrows).

import {
  addressFromHex, addressHex, addressToBase58, bytesEqual, Context, Event, JsonObject, JsonWriter,
  Params, returnJson, returnU64, Status, Storage,
} from "../../sdk/assemblyscript/index";

const OPEN = "open";
const RELEASED = "released";
const REFUNDED = "refunded";

class Escrow {
  constructor(
    public depositor: Uint8Array,
    public beneficiary: Uint8Array,
    public amount: u64,
    public unlockHeight: u64,
    public unlockTime: u64,
    public status: string,
  ) {}

  static key(id: string): string {
    return "escrow/" + id;
  }

  static load(id: string): Escrow | null {
    const text = Storage.getString(Escrow.key(id));
    if (text == null) return null;
    const o = JsonObject.parse(text);
    assert(o != null, "corrupt escrow record");
    const r = o!;
    const depositor = addressFromHex(r.getStringOr("depositor", ""));
    const beneficiary = addressFromHex(r.getStringOr("beneficiary", ""));
    const amount = r.getU64("amount");
    assert(depositor != null && beneficiary != null && amount.ok, "corrupt escrow record");
    return new Escrow(depositor!, beneficiary!, amount.value, r.getU64("unlockHeight").value,
      r.getU64("unlockTime").value, r.getStringOr("status", ""));
  }

  save(id: string): bool {
    const w = new JsonWriter()
      .str("depositor", addressHex(this.depositor))
      .str("beneficiary", addressHex(this.beneficiary))
      .amount("amount", this.amount)
      .num("unlockHeight", this.unlockHeight)
      .num("unlockTime", this.unlockTime)
      .str("status", this.status);
    return Storage.set(Escrow.key(id), w.finish());
  }

  unlocked(): bool {
    return Context.blockHeight() >= this.unlockHeight && Context.timestamp() >= this.unlockTime;
  }
}

function credit(addr: Uint8Array, amount: u64): bool {
  const key = "credit/" + addressHex(addr);
  const held = Storage.getU64(key);
  // Credits come out of "locked", whose total fits u64, so this cannot overflow; check anyway.
  if (held > u64.MAX_VALUE - amount) return false;
  return Storage.setU64(key, held + amount);
}

function unlock(amount: u64): bool {
  const locked = Storage.getU64("locked");
  return locked >= amount && Storage.setU64("locked", locked - amount);
}

/** Create {id, beneficiary, amount, unlockHeight? | unlockTime?}. */
export function Create(): u32 {
  const p = Params.load();
  const id = p.id("id");
  const beneficiary = p.address("beneficiary");
  const amount = p.u64("amount");
  const unlockHeight = p.optionalU64("unlockHeight", 0);
  const unlockTime = p.optionalU64("unlockTime", 0);
  if (!p.ok || amount == 0 || (p.has("unlockHeight") && p.has("unlockTime"))) return Status.INVALID_PARAMS;
  if (Storage.has(Escrow.key(id))) return Status.ALREADY_EXISTS;
  const locked = Storage.getU64("locked");
  if (locked > u64.MAX_VALUE - amount) return Status.INVALID_PARAMS;

  const depositor = Context.caller();
  const e = new Escrow(depositor, beneficiary, amount, unlockHeight, unlockTime, OPEN);
  if (!(e.save(id) && Storage.setU64("locked", locked + amount))) return Status.EXECUTION_FAILED;
  const ok = new Event("EscrowCreated").str("id", id).address("depositor", depositor)
    .address("beneficiary", beneficiary).amount("amount", amount)
    .num("unlockHeight", unlockHeight).num("unlockTime", unlockTime).emit();
  return ok ? Status.SUCCESS : Status.EXECUTION_FAILED;
}

/** Deposit: the same method as Create, under the name the WES market helpers use. */
export function Deposit(): u32 {
  return Create();
}

/** Release {id}: after the unlock point, by the depositor or the beneficiary; credits the beneficiary. */
export function Release(): u32 {
  const p = Params.load();
  const id = p.id("id");
  if (!p.ok) return Status.INVALID_PARAMS;
  const e = Escrow.load(id);
  if (e == null) return Status.NOT_FOUND;
  const caller = Context.caller();
  if (!bytesEqual(caller, e.depositor) && !bytesEqual(caller, e.beneficiary)) return Status.UNAUTHORIZED;
  if (e.status != OPEN) return Status.INVALID_STATE;
  if (!e.unlocked()) return Status.INVALID_STATE;
  return close(id, e, RELEASED, e.beneficiary);
}

/** Refund {id}: before the unlock point, by the depositor only; credits the depositor. */
export function Refund(): u32 {
  const p = Params.load();
  const id = p.id("id");
  if (!p.ok) return Status.INVALID_PARAMS;
  const e = Escrow.load(id);
  if (e == null) return Status.NOT_FOUND;
  if (!bytesEqual(Context.caller(), e.depositor)) return Status.UNAUTHORIZED;
  if (e.status != OPEN) return Status.INVALID_STATE;
  if (e.unlocked()) return Status.TIMEOUT;
  return close(id, e, REFUNDED, e.depositor);
}

function close(id: string, e: Escrow, status: string, payee: Uint8Array): u32 {
  e.status = status;
  if (!(e.save(id) && unlock(e.amount) && credit(payee, e.amount))) return Status.EXECUTION_FAILED;
  const ok = new Event(status == RELEASED ? "EscrowReleased" : "EscrowRefunded").str("id", id)
    .address("to", payee).amount("amount", e.amount).emit();
  return ok ? Status.SUCCESS : Status.EXECUTION_FAILED;
}

/** Get {id}: the escrow as JSON, addresses in Base58Check. */
export function Get(): u32 {
  const p = Params.load();
  const id = p.id("id");
  if (!p.ok) return Status.INVALID_PARAMS;
  const e = Escrow.load(id);
  if (e == null) return Status.NOT_FOUND;
  const w = new JsonWriter().str("id", id)
    .str("depositor", addressToBase58(e.depositor))
    .str("beneficiary", addressToBase58(e.beneficiary))
    .amount("amount", e.amount)
    .num("unlockHeight", e.unlockHeight)
    .num("unlockTime", e.unlockTime)
    .str("status", e.status)
    .bool("unlocked", e.unlocked());
  return returnJson(w) ? Status.SUCCESS : Status.EXECUTION_FAILED;
}

/** CreditOf {address?}: what the escrow owes `address` (default: the caller), decimal. */
export function CreditOf(): u32 {
  const p = Params.load();
  const who = p.optionalAddress("address", Context.caller());
  if (!p.ok) return Status.INVALID_PARAMS;
  return returnU64(Storage.getU64("credit/" + addressHex(who))) ? Status.SUCCESS : Status.EXECUTION_FAILED;
}
