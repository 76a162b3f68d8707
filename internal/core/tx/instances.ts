/**
 * Contract instances (CosmWasm's code/instance split): code is stored once, by its SHA-256; a
 * deployment instantiates it at a fresh address, so one code has many independent instances,
 * each with its own state, holdings and events.
 *
 *   instance address = hash160(SHA-256("wes-instance/v1" ‖ creator ‖ input 0's outpoint
 *                                      (txid ‖ u32 index) ‖ u32 output index ‖ code hash))
 *
 * The creator is the single-key owner of the UTXO the deployment spends as input 0. An outpoint
 * is spent once, so no two deployments — of the same code by the same creator included — can
 * derive the same address, and the address is known before signing (the client checks it).
 */
import { sha256 } from '../../../pkg/hashes.js';
import { hash160, utf8Encode } from '../../../pkg/encoding.js';
import type { OutPoint } from '../../../pkg/model.js';
import type { Address, Hash } from '../../../pkg/types.js';

const TAG = utf8Encode('wes-instance/v1');

export function instanceAddress(creator: Address, firstInput: OutPoint, outputIndex: number, codeHash: Hash): Address {
  const m = new Uint8Array(TAG.length + 20 + 32 + 4 + 4 + 32);
  const dv = new DataView(m.buffer);
  let o = 0;
  m.set(TAG, o); o += TAG.length;
  m.set(creator, o); o += 20;
  m.set(firstInput.txId, o); o += 32;
  dv.setUint32(o, firstInput.index, false); o += 4;
  dv.setUint32(o, outputIndex, false); o += 4;
  m.set(codeHash, o);
  return hash160(sha256(m));
}
