// Not a contract to deploy: one method per SDK area, so that building it type-checks the whole SDK
// (AssemblyScript only compiles what is reachable) and links every env binding. The tests compare its
// imports with ABI.md. Built by contracts/build.mjs to build/sdk-surface.wasm.

import {
  addressToBase58, Context, Event, fromHex, JsonObject, JsonWriter, logDebug, Params,
  parseAddress, returnBytes, returnJson, returnString, Status, Storage, Token, toHex, utf8,
} from "./index";
import { utxo_exists } from "./env";

export function ContextInfo(): u32 {
  const w = new JsonWriter()
    .str("caller", addressToBase58(Context.caller()))
    .str("contract", toHex(Context.contractAddress()))
    .num("height", Context.blockHeight())
    .num("timestamp", Context.timestamp())
    .num("abi", Context.abiVersion())
    .str("chain", Context.chainId())
    .str("tx", toHex(Context.txHash()))
    .num("txIndex", Context.txIndex());
  const h = Context.blockHash(Context.blockHeight());
  if (h != null) w.str("blockHash", toHex(h));
  return returnJson(w) ? Status.SUCCESS : Status.EXECUTION_FAILED;
}

export function StorageRoundTrip(): u32 {
  const p = Params.load();
  const key = p.string("key");
  const value = p.string("value");
  if (!p.ok) return Status.INVALID_PARAMS;
  if (!Storage.setString(key, value)) return Status.EXECUTION_FAILED;
  const back = Storage.getStringOr(key, "");
  const w = new JsonWriter().str("value", back).num("version", Storage.version(key)).bool("had", Storage.has(key));
  w.bool("deleted", Storage.delete(key));
  return returnJson(w) ? Status.SUCCESS : Status.EXECUTION_FAILED;
}

export function TokenOps(): u32 {
  const p = Params.load();
  const to = p.address("to");
  const amount = p.u64("amount");
  if (!p.ok) return Status.INVALID_PARAMS;
  const cls = utf8("TKN");
  if (Token.mint(to, amount, cls) != 0) return Status.EXECUTION_FAILED;
  if (Token.transfer(Context.contractAddress(), to, amount, cls) != 0) return Status.EXECUTION_FAILED;
  const w = new JsonWriter().amount("balance", Token.balanceOf(to, cls)).str("receipt", Token.lastReceipt);
  return returnJson(w) ? Status.SUCCESS : Status.EXECUTION_FAILED;
}

export function Echo(): u32 {
  const p = Params.load();
  if (!p.ok) return Status.INVALID_PARAMS;
  const w = new JsonWriter();
  for (let i = 0; i < p.json.size; i++) {
    const key = p.json.keyAt(i);
    const raw = p.json.getRaw(key);
    if (raw != null) w.raw(key, utf8(raw));
  }
  const nested = p.json.getObject("nested");
  if (nested != null) w.num("nestedSize", <u64>nested.size);
  const a = parseAddress(p.optionalString("addr", ""));
  if (a != null) w.str("addrHex", toHex(a));
  const id = fromHex(p.optionalString("hex", ""));
  if (id != null) w.num("hexBytes", <u64>id.length);
  new Event("Echo").num("members", <u64>p.json.size).emit();
  logDebug("echo");
  return returnJson(w) ? Status.SUCCESS : Status.EXECUTION_FAILED;
}

export function Raw(): u32 {
  const txid = new Uint8Array(32);
  const exists = utxo_exists(txid.dataStart, 32, 0);
  returnString(exists == 1 ? "yes" : "no");
  return returnBytes(new Uint8Array(0)) ? Status.SUCCESS : Status.EXECUTION_FAILED;
}

// Keeps JsonObject.parse reachable from a plain string, as contracts do with stored records.
export function ParseStored(): u32 {
  const o = JsonObject.parse(Storage.getStringOr("record", "{}"));
  return o == null ? Status.INVALID_STATE : Status.SUCCESS;
}
