// UTXO assets of this contract's own fungible class (ABI.md §4, §5). A class id is opaque bytes,
// e.g. utf8("TKN"); the host pairs it with the current contract address, so a contract can only
// issue or move its own tokens (or the native coin, with an empty class id).
//
// The templates keep balances in contract state instead (simpler, deterministic, no UTXO selection);
// these helpers are for contracts that want real on-chain token outputs.

import { create_utxo_output, host_build_transaction, query_utxo_balance } from "./env";
import { fromUtf8, ptr, toHex } from "./bytes";
import { JsonWriter } from "./json-writer";
import { ADDRESS_LENGTH } from "./address";

const BUFFER_TOO_SMALL: i32 = 1005;
const RECEIPT_CAPACITY: i32 = 4096;
const RECEIPT_CAPACITY_MAX: i32 = 1 << 20;

export class Token {
  /** Receipt JSON of the last successful transfer(): {mode, unsigned_tx_hash, serialized_tx, error}. */
  static lastReceipt: string = "";

  /** Sum of `owner`'s unspent outputs of this contract's class `classId` (empty = native coin). */
  static balanceOf(owner: Uint8Array, classId: Uint8Array): u64 {
    assert(owner.length == ADDRESS_LENGTH, "owner must be 20 bytes");
    return <u64>query_utxo_balance(ptr(owner), ptr(classId), classId.length);
  }

  /**
   * Mints: adds an unlocked output of `amount` units of class `classId` owned by `to` to the draft.
   * Returns the host code: 0 = ok.
   */
  static mint(to: Uint8Array, amount: u64, classId: Uint8Array): i32 {
    assert(to.length == ADDRESS_LENGTH, "recipient must be 20 bytes");
    return create_utxo_output(ptr(to), to.length, <i64>amount, ptr(classId), classId.length);
  }

  /**
   * Moves `amount` of class `classId` from `from` to `to` with a transfer intent; the host selects
   * inputs and adds change (change this contract keeps stays under its ContractLock). `from` is
   * this contract (its own coin, the funds callers attached included, or its tokens), or the
   * caller for this contract's tokens. The caller's native coin reaches a contract only as funds
   * attached to the call (docs/execution-at-inclusion.md): a draft spending it fails at
   * inclusion. Returns 0 or a host code.
   */
  static transfer(from: Uint8Array, to: Uint8Array, amount: u64, classId: Uint8Array): i32 {
    const w = new JsonWriter();
    w.beginArray("intents").beginObject("").str("type", "transfer").beginObject("params");
    w.str("from", toHex(from)).str("to", toHex(to)).amount("amount", amount);
    if (classId.length > 0) w.str("token_id", toHex(classId));
    const draft = w.finish();

    let receipt = new Uint8Array(RECEIPT_CAPACITY);
    let code = host_build_transaction(ptr(draft), draft.length, ptr(receipt), receipt.length);
    if (code == BUFFER_TOO_SMALL || code == -BUFFER_TOO_SMALL) {
      receipt = new Uint8Array(RECEIPT_CAPACITY_MAX);
      code = host_build_transaction(ptr(draft), draft.length, ptr(receipt), receipt.length);
    }
    if (code == 0) Token.lastReceipt = fromUtf8(receipt.subarray(0, receiptLength(receipt)));
    return code;
  }
}

/** The receipt is written as text into a zero-initialised buffer: its length ends at the first 0. */
function receiptLength(b: Uint8Array): i32 {
  const i = b.indexOf(0);
  return i < 0 ? b.length : i;
}
