/**
 * Check against the user's intent, sign locally, submit, and wait for inclusion with progress on
 * stderr. Shared by deploy/call/send: nothing is signed that the user did not ask for.
 */
import type { TxIntent } from '../../pkg/client-intent.js';
import type { CliIO } from './command.js';
import type { ApiClient } from './api-client.js';
import { NodeApiError } from './api-client.js';
import { signAsAsked, type SignOptions } from './client-signing.js';
import type { TxView, UnsignedTxView } from '../api/node-service.js';

export interface WaitOptions {
  readonly wait: boolean;
  readonly timeoutMs: number;
  readonly quiet: boolean;
}

export async function signSubmitWait(
  client: ApiClient,
  view: UnsignedTxView,
  intent: TxIntent,
  privateKey: Uint8Array,
  io: CliIO,
  opts: WaitOptions & SignOptions,
): Promise<{ txId: string; fee: bigint; included: TxView | undefined }> {
  const signed = await signAsAsked(client, view, intent, privateKey, opts);
  const body = Object.keys(signed.attachments).length > 0 ? { tx: signed.tx, attachments: signed.attachments } : { tx: signed.tx };
  const { txId } = await client.post<{ txId: string }>('/v1/transactions', body);
  if (txId !== signed.txId) throw new NodeApiError(0, 'BAD_REPLY', `the node accepted the transaction as ${txId}, but its id is ${signed.txId}`);
  const fee = signed.fee;
  if (!opts.quiet) io.err(`submitted ${txId} (fee ${fee})`);
  if (!opts.wait) return { txId, fee, included: undefined };
  const deadline = Date.now() + opts.timeoutMs;
  let dots = 0;
  while (Date.now() < deadline) {
    try {
      const tx = await client.get<TxView>(`/v1/transactions/${txId}`);
      if (tx.status !== 'pending') {
        if (!opts.quiet) io.err(tx.status === 'failed' ? `included in block ${tx.height}, but the call FAILED: ${tx.reason ?? ''} (the fee was paid)` : `included in block ${tx.height}`);
        return { txId, fee, included: tx };
      }
    } catch (e) {
      if (!(e instanceof NodeApiError && e.status === 404)) throw e;
    }
    if (!opts.quiet && ++dots % 8 === 0) io.err(`waiting for inclusion of ${txId.slice(0, 12)}… (${Math.round((deadline - Date.now()) / 1000)} s left)`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new NodeApiError(0, 'TX_TIMEOUT', `transaction ${txId} was not included within ${opts.timeoutMs / 1000} s; check it later with \`wes query tx ${txId}\``);
}
