/**
 * The little of CometBFT's JSON-RPC the node uses: broadcast_tx_sync (hand a transaction to the
 * local CometBFT's mempool, which runs CheckTx and gossips it) and status. Loopback only: the
 * RPC URL must be http://127.0.0.1:PORT.
 */
import { toBase64 } from '../../../pkg/encoding.js';
import { ChainError, InvalidRequestError, TxError } from '../../../pkg/errors.js';

export interface BroadcastResult {
  readonly code: number;
  readonly log: string;
  /** CometBFT's tx hash (SHA-256 of the envelope bytes), upper-case hex. */
  readonly hash: string;
}

export function parseRpcUrl(text: string): URL {
  const m = /^(?:tcp|http):\/\/127\.0\.0\.1:([0-9]{1,5})\/?$/.exec(text);
  if (!m || Number(m[1]) === 0 || Number(m[1]) > 65535) {
    throw new InvalidRequestError('BAD_RPC_ADDRESS', `CometBFT RPC ${text}: use http://127.0.0.1:PORT (loopback only)`);
  }
  return new URL(`http://127.0.0.1:${m[1]}/`);
}

const RPC_TIMEOUT_MS = 30_000;

export class CometBftRpc {
  private nextId = 1;

  constructor(readonly url: URL) {}

  private async call(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: this.nextId++, method, params }),
        signal: AbortSignal.timeout(RPC_TIMEOUT_MS),
      });
    } catch (e) {
      throw new ChainError('CONSENSUS_UNREACHABLE', `CometBFT RPC at ${this.url.href} is not answering (${(e as Error).message}); is the cometbft process running?`);
    }
    const body = (await res.json().catch(() => ({}))) as { result?: Record<string, unknown>; error?: { message?: string; data?: string } };
    if (body.error) {
      const detail = `${body.error.message ?? ''} ${body.error.data ?? ''}`.trim();
      if (/already exists in cache/i.test(detail)) throw new TxError('ALREADY_KNOWN', 'this transaction is already in the mempool', { rpc: detail });
      throw new ChainError('MEMPOOL_REJECTED', `CometBFT refused ${method}: ${detail}`);
    }
    if (!body.result) throw new ChainError('CONSENSUS_UNREACHABLE', `CometBFT RPC ${method} answered HTTP ${res.status} without a result`);
    return body.result;
  }

  async broadcastTxSync(tx: Uint8Array): Promise<BroadcastResult> {
    const r = await this.call('broadcast_tx_sync', { tx: toBase64(tx) });
    return { code: Number(r['code'] ?? 0), log: String(r['log'] ?? ''), hash: String(r['hash'] ?? '') };
  }

  /** Latest block height CometBFT knows and whether it is still catching up. */
  async status(): Promise<{ height: bigint; appHash: string; catchingUp: boolean }> {
    const r = await this.call('status', {});
    const sync = (r['sync_info'] ?? {}) as Record<string, unknown>;
    return { height: BigInt(String(sync['latest_block_height'] ?? '0')), appHash: String(sync['latest_app_hash'] ?? ''), catchingUp: sync['catching_up'] === true };
  }
}
