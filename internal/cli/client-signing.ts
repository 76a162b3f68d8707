/**
 * Client-side signing of an unsigned transaction the node built. The sighashes are recomputed
 * here from the transaction bytes (the node's are not trusted), and the id is checked against
 * the one the node announced, so a node cannot get a different transaction signed.
 */
import { fromBase64, toBase64, toHex } from '../../pkg/encoding.js';
import { InvalidRequestError } from '../../pkg/errors.js';
import { decodeTransaction, encodeTransaction } from '../core/wire/codec.js';
import { transactionId, unsignedBytes } from '../core/tx/hashing.js';
import { signInput, withProof } from '../core/tx/signing.js';
import type { UnsignedTxView } from '../api/node-service.js';

export function signUnsigned(view: UnsignedTxView, privateKey: Uint8Array): { tx: string; txId: string } {
  let tx = decodeTransaction(fromBase64(view.unsignedTx));
  const id = toHex(transactionId(tx));
  if (id !== view.txId.replace(/^0x/, '')) {
    throw new InvalidRequestError('TX_MISMATCH', `the node's transaction id ${view.txId} does not match its bytes (${id}); refusing to sign`);
  }
  const unsigned = unsignedBytes(tx);
  for (const { inputIndex } of view.signatures) {
    tx = withProof(tx, inputIndex, signInput(tx, inputIndex, privateKey, undefined, unsigned));
  }
  return { tx: toBase64(encodeTransaction(tx)), txId: id };
}
