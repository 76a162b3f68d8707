// Fungible token with balances kept in contract state.
//
// State: "owner" (20 bytes, the deployer), "name", "symbol", "supply" (decimal),
//        "balance/<40-hex address>" (decimal; absent = 0).
// The sum of all balances always equals "supply", and Mint refuses to overflow u64, so no balance
// can overflow either.

import {
  addressHex, addressToBase58, bytesEqual, Context, Event, JsonWriter, Params, returnJson, returnU64,
  Status, Storage,
} from "../../sdk/assemblyscript/index";

const OWNER = "owner";
const SUPPLY = "supply";

function balanceKey(addr: Uint8Array): string {
  return "balance/" + addressHex(addr);
}

function initialized(): bool {
  return Storage.has(OWNER);
}

/** Initialize {name?, symbol?, supply}: mints `supply` to the caller, who becomes the owner. */
export function Initialize(): u32 {
  if (initialized()) return Status.ALREADY_EXISTS;
  const p = Params.load();
  const name = p.optionalString("name", "Token", 64);
  const symbol = p.optionalString("symbol", "TKN", 16);
  const supply = p.u64("supply");
  if (!p.ok) return Status.INVALID_PARAMS;

  const owner = Context.caller();
  const written = Storage.setAddress(OWNER, owner) &&
    Storage.setString("name", name) &&
    Storage.setString("symbol", symbol) &&
    Storage.setU64(SUPPLY, supply) &&
    Storage.setU64(balanceKey(owner), supply);
  if (!written) return Status.EXECUTION_FAILED;
  if (!new Event("Mint").address("to", owner).amount("amount", supply).emit()) return Status.EXECUTION_FAILED;
  return Status.SUCCESS;
}

/** Transfer {to, amount}: moves `amount` (> 0) from the caller to `to`. */
export function Transfer(): u32 {
  const p = Params.load();
  const to = p.address("to");
  const amount = p.u64("amount");
  if (!p.ok || amount == 0) return Status.INVALID_PARAMS;
  if (!initialized()) return Status.INVALID_STATE;

  const from = Context.caller();
  const fromKey = balanceKey(from);
  const fromBalance = Storage.getU64(fromKey);
  if (fromBalance < amount) return Status.INSUFFICIENT_BALANCE;
  if (!Storage.setU64(fromKey, fromBalance - amount)) return Status.EXECUTION_FAILED;
  // Read the recipient after the debit so a transfer to oneself leaves the balance unchanged.
  const toKey = balanceKey(to);
  if (!Storage.setU64(toKey, Storage.getU64(toKey) + amount)) return Status.EXECUTION_FAILED;

  const ok = new Event("Transfer").address("from", from).address("to", to).amount("amount", amount).emit();
  return ok ? Status.SUCCESS : Status.EXECUTION_FAILED;
}

/** BalanceOf {address?}: decimal balance of `address` (default: the caller). */
export function BalanceOf(): u32 {
  const p = Params.load();
  const who = p.optionalAddress("address", Context.caller());
  if (!p.ok) return Status.INVALID_PARAMS;
  return returnU64(Storage.getU64(balanceKey(who))) ? Status.SUCCESS : Status.EXECUTION_FAILED;
}

/** TotalSupply: decimal total supply ("0" before Initialize). */
export function TotalSupply(): u32 {
  return returnU64(Storage.getU64(SUPPLY)) ? Status.SUCCESS : Status.EXECUTION_FAILED;
}

/** Mint {to, amount}: owner only; adds `amount` (> 0) to `to` and to the supply. */
export function Mint(): u32 {
  const p = Params.load();
  const to = p.address("to");
  const amount = p.u64("amount");
  if (!p.ok || amount == 0) return Status.INVALID_PARAMS;
  const owner = Storage.getAddress(OWNER);
  if (owner == null) return Status.INVALID_STATE;
  if (!bytesEqual(owner, Context.caller())) return Status.UNAUTHORIZED;

  const supply = Storage.getU64(SUPPLY);
  if (supply > u64.MAX_VALUE - amount) return Status.INVALID_PARAMS; // supply would overflow u64
  const toKey = balanceKey(to);
  const written = Storage.setU64(SUPPLY, supply + amount) &&
    Storage.setU64(toKey, Storage.getU64(toKey) + amount);
  if (!written) return Status.EXECUTION_FAILED;
  const ok = new Event("Mint").address("to", to).amount("amount", amount).emit();
  return ok ? Status.SUCCESS : Status.EXECUTION_FAILED;
}

/** Info: {name, symbol, owner, totalSupply}; NOT_FOUND before Initialize. */
export function Info(): u32 {
  const owner = Storage.getAddress(OWNER);
  if (owner == null) return Status.NOT_FOUND;
  const w = new JsonWriter()
    .str("name", Storage.getStringOr("name", ""))
    .str("symbol", Storage.getStringOr("symbol", ""))
    .str("owner", addressToBase58(owner))
    .amount("totalSupply", Storage.getU64(SUPPLY));
  return returnJson(w) ? Status.SUCCESS : Status.EXECUTION_FAILED;
}
