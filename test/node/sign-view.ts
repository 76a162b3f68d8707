/** Test-side signing of an API-built unsigned transaction (the inputs it lists, one key). */
import { fromBase64, toBase64, toHex } from '../../pkg/encoding.js';
import type { UnsignedTxView } from '../../internal/api/node-service.js';
import { decodeTransaction, encodeTransaction } from '../../internal/core/wire/codec.js';
import { transactionId, unsignedBytes } from '../../internal/core/tx/hashing.js';
import { signInput, withProof } from '../../internal/core/tx/signing.js';

export function signUnsigned(view: UnsignedTxView, privateKey: Uint8Array): { tx: string; txId: string } {
  let tx = decodeTransaction(fromBase64(view.unsignedTx));
  const unsigned = unsignedBytes(tx);
  for (const { inputIndex } of view.signatures) tx = withProof(tx, inputIndex, signInput(tx, inputIndex, privateKey, undefined, unsigned));
  return { tx: toBase64(encodeTransaction(tx)), txId: toHex(transactionId(tx)) };
}
