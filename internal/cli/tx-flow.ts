/** Sign locally, submit, and wait for inclusion with progress on stderr. Shared by deploy/call/send. */
import type { CliIO } from './command.js';
import type { ApiClient } from './api-client.js';
import { NodeApiError } from './api-client.js';
import { signUnsigned } from './client-signing.js';
import type { TxView, UnsignedTxView } from '../api/node-service.js';

export interface WaitOptions {
  readonly wait: boolean;
  readonly timeoutMs: number;
  readonly quiet: boolean;
}

export async function signSubmitWait(
  client: ApiClient,
  view: UnsignedTxView,
  privateKey: Uint8Array,
  io: CliIO,
  opts: WaitOptions,
): Promise<{ txId: string; included: TxView | undefined }> {
  const signed = signUnsigned(view, privateKey);
  const { txId } = await client.post<{ txId: string }>('/v1/transactions', { tx: signed.tx, attachments: view.attachments });
  if (!opts.quiet) io.err(`submitted ${txId} (fee ${view.fee})`);
  if (!opts.wait) return { txId, included: undefined };
  const deadline = Date.now() + opts.timeoutMs;
  let dots = 0;
  while (Date.now() < deadline) {
    try {
      const tx = await client.get<TxView>(`/v1/transactions/${txId}`);
      if (tx.status !== 'pending') {
        if (!opts.quiet) io.err(tx.status === 'failed' ? `included in block ${tx.height}, but the call FAILED: ${tx.reason ?? ''} (the fee was paid)` : `included in block ${tx.height}`);
        return { txId, included: tx };
      }
    } catch (e) {
      if (!(e instanceof NodeApiError && e.status === 404)) throw e;
    }
    if (!opts.quiet && ++dots % 8 === 0) io.err(`waiting for inclusion of ${txId.slice(0, 12)}… (${Math.round((deadline - Date.now()) / 1000)} s left)`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new NodeApiError(0, 'TX_TIMEOUT', `transaction ${txId} was not included within ${opts.timeoutMs / 1000} s; check it later with \`wes query tx ${txId}\``);
}
