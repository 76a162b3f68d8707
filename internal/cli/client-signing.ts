/**
 * Client-side signing of an unsigned transaction the node built, after checking it does what
 * the user asked (internal/core/tx/intent-check.ts; trust model in pkg/client-intent.ts). The
 * id and the inputs to sign are computed here; the node's id, sighashes and input list are not
 * trusted, and the previous transactions it serves are accepted only if they hash right.
 */
import type { SigningLimits, TxIntent } from '../../pkg/client-intent.js';
import { fromBase64, toBase64, toHex } from '../../pkg/encoding.js';
import { TxError } from '../../pkg/errors.js';
import type { Amount } from '../../pkg/types.js';
import { decodeTransaction, encodeTransaction } from '../core/wire/codec.js';
import { transactionId, unsignedBytes } from '../core/tx/hashing.js';
import { checkAgainstIntent, defaultMaxFee, feePolicyFromStatus, verifiedPreviousOutputs } from '../core/tx/intent-check.js';
import { keyPairOf, signInput, withProof } from '../core/tx/signing.js';
import type { StatusView, TxView, UnsignedTxView } from '../api/node-service.js';
import { NodeApiError, type ApiClient } from './api-client.js';

export interface SignedForSubmit {
  readonly tx: string;
  readonly txId: string;
  readonly fee: Amount;
  /** Attachments to submit: the user's own code for a deploy, never the node's copy. */
  readonly attachments: Readonly<Record<string, string>>;
}

export interface SignOptions {
  /** Explicit --max-fee; otherwise derived from the node's fee policy, capped. */
  readonly maxFee?: Amount;
}

/** Previous transactions from the node's API (hash-checked by the caller, so any node will do). */
export function previousFromNode(client: ApiClient): (txId: Uint8Array) => Promise<Uint8Array | undefined> {
  return async (txId) => {
    try {
      const view = await client.get<TxView>(`/v1/transactions/${toHex(txId)}`);
      return typeof view.raw === 'string' ? fromBase64(view.raw) : undefined;
    } catch (e) {
      if (e instanceof NodeApiError && e.status === 404) return undefined;
      throw e;
    }
  };
}

/** Receipts of previous call transactions from the node's API (effect outputs; see pkg/client-intent.ts). */
export function receiptsFromNode(client: ApiClient): (txId: Uint8Array) => Promise<Uint8Array | undefined> {
  return async (txId) => {
    try {
      const view = await client.get<TxView>(`/v1/transactions/${toHex(txId)}`);
      return typeof view.rawReceipt === 'string' ? fromBase64(view.rawReceipt) : undefined;
    } catch (e) {
      if (e instanceof NodeApiError && e.status === 404) return undefined;
      throw e;
    }
  };
}

/** Checks `view` against `intent`, then signs the user's inputs with `privateKey`. */
export async function signAsAsked(client: ApiClient, view: UnsignedTxView, intent: TxIntent, privateKey: Uint8Array, opts: SignOptions = {}): Promise<SignedForSubmit> {
  if (typeof view?.unsignedTx !== 'string' || typeof view.txId !== 'string') {
    throw new NodeApiError(0, 'BAD_REPLY', 'the node did not return an unsigned transaction (unsignedTx, txId)');
  }
  let tx = decodeTransaction(fromBase64(view.unsignedTx));
  const id = toHex(transactionId(tx));
  if (id !== view.txId.replace(/^0x/, '')) {
    throw new TxError('ID_MISMATCH', `refusing to sign: the node's transaction id ${view.txId} does not match its bytes (${id})`);
  }
  const key = keyPairOf(privateKey);
  const unsigned = unsignedBytes(tx);
  const code = intent.kind === 'deploy' ? intent.code : undefined;
  const maxFee = opts.maxFee ?? defaultMaxFee(feePolicyFromStatus((await client.get<StatusView>('/v1/status')).feePolicy), tx, unsigned.length, code?.length ?? 0);
  const limits: SigningLimits = { signer: key.address, maxFee };
  const verdict = checkAgainstIntent(tx, intent, limits, await verifiedPreviousOutputs(tx, previousFromNode(client), receiptsFromNode(client)));
  for (const i of verdict.signInputs) tx = withProof(tx, i, signInput(tx, i, privateKey, undefined, unsigned));
  const attachments: Record<string, string> = {};
  if (code !== undefined) {
    const hash = tx.resourceAttachmentHashes![0]!; // checked equal to sha256(code)
    attachments[toHex(hash)] = toBase64(code);
  }
  return { tx: toBase64(encodeTransaction(tx)), txId: id, fee: verdict.fee, attachments };
}
