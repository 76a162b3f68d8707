/**
 * Blocks from CometBFT: this process is the validator's ABCI application. The ABCI server
 * (CometBFT connects to it) drives WesAbciApp; a transaction submitted over the HTTP API is
 * checked here first (the same check as CheckTx, so the client gets the typed error), then
 * forwarded to the local CometBFT's broadcast_tx_sync, which runs CheckTx and gossips it.
 */
import { ChainError, TxError } from '../../../pkg/errors.js';
import type { Transaction } from '../../../pkg/model.js';
import type { Hash } from '../../../pkg/types.js';
import type { BlockSource } from '../block-source.js';
import type { AbciCodec } from '../abci/abci-codec.js';
import { AbciServer, type AbciListenAddress } from '../abci/abci-server.js';
import { TX_CODE, type WesAbciApp } from '../abci/wes-abci-app.js';
import { decodeEnvelope, encodeEnvelope } from '../abci/tx-envelope.js';
import type { CometBftRpc } from './cometbft-rpc.js';

export interface CometBftBlockSourceOptions {
  readonly app: WesAbciApp;
  readonly codec: AbciCodec;
  readonly abci: AbciListenAddress;
  readonly rpc: CometBftRpc;
  readonly log?: (line: string) => void;
}

/** "TX_INPUT_MISSING: input 0 …" (the app's CheckTx log) back into a typed error. */
function rejection(log: string): TxError {
  const m = /^TX_([A-Z0-9_]+): ([\s\S]*)$/.exec(log);
  return m ? new TxError(m[1]!, m[2]!) : new TxError('MEMPOOL_REJECTED', `CometBFT's mempool refused the transaction: ${log}`);
}

export class CometBftBlockSource implements BlockSource {
  readonly kind = 'cometbft' as const;
  private server: AbciServer | undefined;
  private inFlight = 0;

  constructor(private readonly o: CometBftBlockSourceOptions) {}

  /**
   * CometBFT keeps the mempool: this counts submissions still on their way to it, and answers
   * "dropped" for transactions a decided block rejected.
   */
  get mempool(): BlockSource['mempool'] {
    return { size: this.inFlight, dropped: (txId) => this.o.app.dropped(txId) };
  }

  async submit(tx: Transaction, attachments: ReadonlyMap<string, Uint8Array>): Promise<{ readonly txId: Hash; readonly fee: bigint }> {
    const bytes = encodeEnvelope(tx, attachments);
    const v = await this.o.app.admit(decodeEnvelope(bytes));
    this.inFlight++;
    try {
      const r = await this.o.rpc.broadcastTxSync(bytes);
      if (r.code !== TX_CODE.ok) throw rejection(r.log);
    } catch (e) {
      // Submitting the same transaction again (to this node or after gossip) is not an error.
      if (!(e instanceof TxError && e.code === 'TX_ALREADY_KNOWN')) throw e;
    } finally {
      this.inFlight--;
    }
    return { txId: v.txId, fee: v.fee };
  }

  async produceNow(): Promise<void> {
    throw new ChainError('BLOCKS_BY_CONSENSUS', 'blocks on a CometBFT network are made by consensus, not on request');
  }

  async start(): Promise<void> {
    this.server = await AbciServer.listen(this.o.abci, this.o.app, this.o.codec, this.o.log);
  }

  async stop(): Promise<void> {
    await this.server?.close();
    // Let a request already running (a block being committed) finish before the store closes.
    await this.o.app.serial(async () => undefined);
  }
}
