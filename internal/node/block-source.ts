/**
 * Where a node's blocks come from — the one real choice in how a node is assembled
 * (node-container.ts binds one of the two):
 *  - DevnetBlockSource: this process produces blocks itself (single node, make run);
 *  - CometBftBlockSource (cometbft/cometbft-block-source.ts): CometBFT orders transactions
 *    across validators and this process executes them as an ABCI application.
 * The HTTP API talks to either the same way: submit a signed transaction, count what waits.
 */
import { toHex } from '../../pkg/encoding.js';
import type { Transaction } from '../../pkg/model.js';
import type { Hash } from '../../pkg/types.js';
import type { BlockProducer, StagedBlock } from '../core/chain/block-producer.js';
import type { NodeMetrics } from '../api/metrics.js';
import type { ChainStore } from '../core/chain/chain-store.js';
import type { Allocation } from '../core/chain/genesis.js';
import type { DropRecord } from '../core/tx/mempool.js';

export interface BlockSource {
  readonly kind: 'devnet' | 'cometbft';
  /** Admission check (typed TxError if invalid), then on its way into a block. */
  submit(tx: Transaction, attachments: ReadonlyMap<string, Uint8Array>): Promise<{ readonly txId: Hash; readonly fee: bigint }>;
  /** Transactions this node knows are waiting for a block, and why one was dropped, if it was. */
  readonly mempool: {
    readonly size: number;
    dropped(txId: Hash): DropRecord | undefined;
    /** A transaction admitted and waiting for a block (GET /v1/transactions reports it pending), when this node holds the mempool. */
    get?(txId: Hash): { readonly tx: Transaction } | undefined;
  };
  /** A block now (devnet); CometBFT makes blocks on its own schedule and refuses. */
  produceNow(): Promise<void>;
  start(): Promise<void>;
  /** Called after each block this node commits (for the operator's log); set by WesNode. */
  onBlock?: (block: BlockLogLine) => void;
  /** Stops making or accepting blocks; resolves when the block in progress is committed. */
  stop(): Promise<void>;
}

/** What the per-block log line says. */
export interface BlockLogLine {
  readonly height: string;
  readonly hash: string;
  readonly txs: number;
  readonly mempool: number;
  readonly ms: number;
}

export interface DevnetBlockSourceOptions {
  readonly producer: BlockProducer;
  readonly store: ChainStore;
  readonly metrics: NodeMetrics;
  /** How often to check for waiting transactions, ms. */
  readonly intervalMs: number;
  /** Block 0's allocations, used only when the chain is empty. */
  readonly genesis: readonly Allocation[];
}

/** The devnet's own producer: a block whenever transactions wait (checked every interval) or on demand. */
export class DevnetBlockSource implements BlockSource {
  readonly kind = 'devnet' as const;
  private timer: NodeJS.Timeout | undefined;
  private producing: Promise<void> = Promise.resolve();
  private stopped = false;
  private tickPending = false;
  onBlock?: (block: BlockLogLine) => void;

  constructor(private readonly o: DevnetBlockSourceOptions) {}

  get mempool(): BlockSource['mempool'] {
    return this.o.producer.mempool;
  }

  submit(tx: Transaction, attachments: ReadonlyMap<string, Uint8Array>): Promise<{ readonly txId: Hash; readonly fee: bigint }> {
    return this.o.producer.submit(tx, attachments);
  }

  /**
   * One block, serialised with the interval and timed for metrics; resolves once it is on disk.
   * With `onlyIfPending` the mempool is checked when the job runs: a tick queued behind a block
   * that emptied it adds nothing.
   */
  produceNow(opts: { onlyIfPending?: boolean } = {}): Promise<void> {
    return this.stageNext(opts).then((s) => this.whenDurable(s));
  }

  /** Serialised up to the block being sealed: the next one is built while this one is written. */
  private stageNext(opts: { onlyIfPending?: boolean }): Promise<{ block: StagedBlock; end: () => number } | undefined> {
    const staged = this.producing.then(async () => {
      if (opts.onlyIfPending && this.o.producer.mempool.size === 0) return undefined;
      // Timed from the build's start, as before pipelining: not the wait behind the previous block.
      const end = this.o.metrics.blockApply.startTimer();
      return { block: await this.o.producer.produceStaged(), end };
    });
    this.producing = staged.then(() => undefined, () => undefined);
    return staged;
  }

  private async whenDurable(s: { block: StagedBlock; end: () => number } | undefined): Promise<void> {
    if (s === undefined) return;
    try {
      const info = await s.block.durable;
      const seconds = s.end();
      this.onBlock?.({ height: info.height.toString(), hash: toHex(info.hash), txs: s.block.txCount, mempool: this.o.producer.mempool.size, ms: Math.round(seconds * 1000) });
    } catch (e) {
      s.end();
      throw e;
    } finally {
      this.o.metrics.blockHeight.set(Number(this.o.store.height ?? -1n));
      this.o.metrics.mempoolSize.set(this.o.producer.mempool.size);
    }
  }

  /**
   * The interval's job: a block if transactions wait. One tick at a time; and while a full
   * block's worth still waits once one is sealed, the next follows at once instead of a tick
   * later (the interval bounds how long a transaction waits, not how many blocks there are).
   */
  private tick(): void {
    if (this.stopped || this.tickPending || this.o.producer.mempool.size === 0) return;
    this.tickPending = true;
    const staged = this.stageNext({ onlyIfPending: true });
    staged
      .finally(() => {
        this.tickPending = false;
        if (this.o.producer.mempool.size >= this.o.producer.maxBlockTxs) this.tick();
      })
      .catch(() => undefined);
    staged.then((s) => this.whenDurable(s)).catch((e: unknown) => process.stderr.write(`block production failed: ${String(e)}\n`));
  }

  get producer(): BlockProducer {
    return this.o.producer;
  }

  async start(): Promise<void> {
    await this.o.producer.genesis(this.o.genesis);
    this.o.metrics.blockHeight.set(Number(this.o.store.height ?? -1n));
    this.timer = setInterval(() => this.tick(), this.o.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.producing;
    await this.o.producer.stop();
  }
}
