/**
 * The id a contract call sees as get_tx_hash and that seeds its WASI random stream.
 *
 * It cannot be the transaction id: that commits to the outputs, which the call itself produces.
 * So it commits to everything fixed before the call runs — caller, contract, method, payload,
 * gas limit, nonce, creation time, chain id, validity window — and the client (building) and
 * every verifier (re-executing) compute the same value.
 */
import { sha256 } from '../../../pkg/hashes.js';
import type { Transaction } from '../../../pkg/model.js';
import type { Address, Hash } from '../../../pkg/types.js';
import { bytesEqual, utf8Encode } from '../../../pkg/encoding.js';
import { encodeTransaction } from '../wire/codec.js';

const TAG = utf8Encode('wes-call-id/v1');

/** The last id computed per transaction object (admission and block building ask for the same one). */
const memo = new WeakMap<Transaction, { readonly caller: Address; readonly id: Hash }>();

export function callId(tx: Transaction, caller: Address): Hash {
  const m = memo.get(tx);
  if (m !== undefined && bytesEqual(m.caller, caller)) return m.id;
  const id = computeCallId(tx, caller);
  memo.set(tx, { caller: caller.slice(), id });
  return id;
}

function computeCallId(tx: Transaction, caller: Address): Hash {
  const skeleton: Transaction = {
    version: tx.version,
    inputs: [],
    outputs: [],
    nonce: tx.nonce,
    creationTimestamp: tx.creationTimestamp,
    chainId: tx.chainId,
    ...(tx.validityWindow && { validityWindow: tx.validityWindow }),
    ...(tx.contractCall && { contractCall: tx.contractCall }),
  };
  const body = encodeTransaction(skeleton);
  const msg = new Uint8Array(TAG.length + caller.length + body.length);
  msg.set(TAG, 0);
  msg.set(caller, TAG.length);
  msg.set(body, TAG.length + caller.length);
  return sha256(msg);
}
