// Non-fungible tokens: each id has exactly one owner and an optional metadata URI.
//
// State: "owner/<id>" (20 bytes), "uri/<id>" (text, only when given), "count" (decimal: ids minted).
// Minting is open: anyone may mint an id that does not exist yet (to themselves or to `to`).
// Restrict it in Mint if a collection needs a single minter.

import {
  addressToBase58, bytesEqual, Context, Event, JsonWriter, Params, returnJson, returnString,
  Status, Storage,
} from "../../sdk/assemblyscript/index";

const MAX_URI_LENGTH: i32 = 512;

function ownerKey(id: string): string {
  return "owner/" + id;
}

function uriKey(id: string): string {
  return "uri/" + id;
}

/** Mint {id, to?, uri?}: creates token `id` owned by `to` (default: the caller). */
export function Mint(): u32 {
  const p = Params.load();
  const id = p.id("id");
  const caller = Context.caller();
  const to = p.optionalAddress("to", caller);
  const uri = p.optionalString("uri", "", MAX_URI_LENGTH);
  if (!p.ok) return Status.INVALID_PARAMS;
  if (Storage.has(ownerKey(id))) return Status.ALREADY_EXISTS;

  let written = Storage.setAddress(ownerKey(id), to) && Storage.setU64("count", Storage.getU64("count") + 1);
  if (written && uri.length > 0) written = Storage.setString(uriKey(id), uri);
  if (!written) return Status.EXECUTION_FAILED;
  const ok = new Event("Mint").str("id", id).address("to", to).str("uri", uri).emit();
  return ok ? Status.SUCCESS : Status.EXECUTION_FAILED;
}

/** Transfer {id, to}: only the current owner may move the token. */
export function Transfer(): u32 {
  const p = Params.load();
  const id = p.id("id");
  const to = p.address("to");
  if (!p.ok) return Status.INVALID_PARAMS;
  const owner = Storage.getAddress(ownerKey(id));
  if (owner == null) return Status.NOT_FOUND;
  if (!bytesEqual(owner, Context.caller())) return Status.UNAUTHORIZED;

  if (!Storage.setAddress(ownerKey(id), to)) return Status.EXECUTION_FAILED;
  const ok = new Event("Transfer").str("id", id).address("from", owner).address("to", to).emit();
  return ok ? Status.SUCCESS : Status.EXECUTION_FAILED;
}

/** OwnerOf {id}: the owner's Base58Check address. */
export function OwnerOf(): u32 {
  const p = Params.load();
  const id = p.id("id");
  if (!p.ok) return Status.INVALID_PARAMS;
  const owner = Storage.getAddress(ownerKey(id));
  if (owner == null) return Status.NOT_FOUND;
  return returnString(addressToBase58(owner)) ? Status.SUCCESS : Status.EXECUTION_FAILED;
}

/** TokenInfo {id}: {id, owner, uri}. */
export function TokenInfo(): u32 {
  const p = Params.load();
  const id = p.id("id");
  if (!p.ok) return Status.INVALID_PARAMS;
  const owner = Storage.getAddress(ownerKey(id));
  if (owner == null) return Status.NOT_FOUND;
  const w = new JsonWriter().str("id", id).str("owner", addressToBase58(owner)).str("uri", Storage.getStringOr(uriKey(id), ""));
  return returnJson(w) ? Status.SUCCESS : Status.EXECUTION_FAILED;
}

/** TotalMinted: how many ids exist (decimal). */
export function TotalMinted(): u32 {
  return returnString(Storage.getU64("count").toString()) ? Status.SUCCESS : Status.EXECUTION_FAILED;
}
