/**
 * Single-node devnet block producer. Transactions are verified against the tip on submit and
 * wait in the mempool; produce() (on demand, or every `intervalMs`) takes them best fee rate
 * first, re-verifies each against the block being built (its call re-executed at this block's
 * height and timestamp), drops the ones that no longer verify, appends a coinbase paying the
 * fees to the miner (if one is configured) and commits the block.
 *
 * Poison isolation: whatever fails while one transaction is verified, re-executed or checked
 * for storage — a typed TxError or an untyped throw from the engine or the codec — evicts THAT
 * transaction with its reason (Mempool.dropped) and the block is built without it. Only a
 * transaction waiting for an input another pending one creates is kept for a later pass.
 *
 * The block timestamp is read from the producer's clock once, when the block is created, and
 * never earlier than the parent's; everything inside the block uses that timestamp.
 * Production is serialised: one block at a time.
 *
 * Pipelined commit: a sealed block is handed to the store and, while its batch is written and
 * fsync'd, the producer goes on — admitting transactions and building the next block against
 * the sealed block laid over the committed index (StagedBlockView). The store and its index only
 * ever see durable blocks, in order (block N+1's write starts after N's has finished), so readers
 * (the API, a crash) never see a block that is not on disk; the sealed block's transactions are
 * answered as pending until then. If a write fails, the block and anything built on it are
 * discarded and its transactions go back to the pool.
 */
import { ChainError, TxError, isWesError } from '../../../pkg/errors.js';
import { utf8Encode } from '../../../pkg/encoding.js';
import type { Transaction } from '../../../pkg/model.js';
import type { BlockInfo } from '../../../pkg/ports.js';
import type { Address } from '../../../pkg/types.js';
import { Mempool, type DropRecord, type MempoolEntry } from '../tx/mempool.js';
import type { VerifiedTx } from '../tx/verifier.js';
import { BlockExecutor, nextBlockAfter, nextBlockOf, refuseFailingCall, sealBlock, type NextBlock } from './block-executor.js';
import type { ChainStore } from './chain-store.js';
import { genesisTransaction, type Allocation } from './genesis.js';
import { PendingBlock } from './pending-block.js';
import { StagedBlockView } from './staged-view.js';
import type { BlockCommit } from './block-effects.js';
import type { LedgerView } from '../tx/ledger-view.js';
import { outPointKey } from '../../../pkg/encoding.js';

export interface ProducerOptions {
  readonly store: ChainStore;
  readonly executor: BlockExecutor;
  readonly mempool?: Mempool;
  /** Unix seconds. The only clock that reaches a block. */
  readonly clock: () => bigint;
  /** Receives the fees through a coinbase; without one, fees are burned. */
  readonly miner?: Address;
  /** Most transactions per block. */
  readonly maxBlockTxs?: number;
}

/** The recorded reason for an eviction; an untyped failure keeps its message under one code. */
function dropReason(err: unknown, height: bigint): DropRecord {
  if (isWesError(err)) return { code: err.code, message: err.message, height };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'TX_BLOCK_ASSEMBLY_FAILED', message: `unexpected failure while building block ${height}: ${message}`, height };
}

/** A sealed block whose write is in flight. `written` settles (never rejects) when the write ends. */
interface InFlightBlock {
  readonly commit: BlockCommit;
  readonly view: StagedBlockView;
  readonly written: Promise<void>;
  error?: unknown;
}

/** A block handed to the store: `durable` resolves once it is on disk (rejects if the write failed). */
export interface StagedBlock {
  readonly info: BlockInfo;
  readonly txCount: number;
  readonly durable: Promise<BlockInfo>;
}

export const DEFAULT_MAX_BLOCK_TXS = 1_000;

export class BlockProducer {
  readonly mempool: Mempool;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private inFlight: InFlightBlock | undefined;

  constructor(private readonly opts: ProducerOptions) {
    this.mempool = opts.mempool ?? new Mempool();
  }

  /** Most transactions a block takes. */
  get maxBlockTxs(): number {
    return this.opts.maxBlockTxs ?? DEFAULT_MAX_BLOCK_TXS;
  }

  private get store(): ChainStore {
    return this.opts.store;
  }

  private timestampFor(minimum: bigint): bigint {
    const now = this.opts.clock();
    return now > minimum ? now : minimum;
  }

  /**
   * What the next block builds on: the block being written laid over the index (`parent`), or the
   * index. A block whose write has failed is never built on, even before it is cleared away.
   */
  private base(): { view: LedgerView; next: NextBlock; parent: InFlightBlock | undefined } {
    const f = this.inFlight;
    return f === undefined || f.error !== undefined
      ? { view: this.store.index, next: nextBlockOf(this.store.index), parent: undefined }
      : { view: f.view, next: nextBlockAfter(f.commit.info), parent: f };
  }

  /** Hands a sealed block to the store; the serial queue is free again before the write ends. */
  private stage(commit: BlockCommit): StagedBlock {
    const txIds = commit.effects.txs.map((t) => t.txId);
    this.mempool.takeForBlock(txIds, commit.effects.txs.flatMap((t) => t.spent.map(outPointKey)), commit.info.height);
    const f: InFlightBlock = {
      commit,
      view: new StagedBlockView(this.store.index, commit),
      written: this.store.commit(commit).then(
        () => this.mempool.finishBlock(true),
        (err: unknown) => {
          f.error = err;
          this.mempool.finishBlock(false);
        },
      ).finally(() => {
        if (this.inFlight === f) this.inFlight = undefined;
      }),
    };
    this.inFlight = f;
    const durable = f.written.then(() => {
      if (f.error !== undefined) throw f.error;
      return commit.info;
    });
    durable.catch(() => undefined); // a caller that only stages still hears of the failure through `durable`
    return { info: commit.info, txCount: commit.block.transactions.length, durable };
  }

  /**
   * Waits for `parent` (the in-flight block the new one was built on), if any, to be written;
   * throws if its write failed — also when it failed and was cleared away during the build.
   */
  private async settled(parent: InFlightBlock | undefined): Promise<void> {
    if (parent === undefined) return;
    await parent.written;
    if (parent.error !== undefined) {
      const why = parent.error instanceof Error ? parent.error.message : String(parent.error);
      throw new ChainError('PARENT_WRITE_FAILED', `block ${parent.commit.info.height} could not be written (${why}); the block built on it is discarded and its transactions are pending again`);
    }
  }

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Creates block 0 if the chain is empty. */
  genesis(allocations: readonly Allocation[]): Promise<BlockInfo> {
    return this.serial(async () => {
      if (this.store.tip) return this.store.tip;
      const next = nextBlockOf(this.store.index);
      const timestamp = this.timestampFor(0n);
      const pending = new PendingBlock(this.store.index);
      const tx = genesisTransaction(this.opts.executor.chainId, allocations, timestamp);
      await this.opts.executor.include(pending, tx, next, timestamp, { kind: 'genesis' });
      const commit = sealBlock(pending, next, timestamp, this.opts.executor.chainId);
      await this.store.commit(commit);
      return commit.info;
    });
  }

  /** Verifies `tx` against the tip (as if it went into the next block) and queues it. */
  submit(tx: Transaction, attachments: ReadonlyMap<string, Uint8Array> = new Map()): Promise<VerifiedTx> {
    return this.serial(async () => {
      const { view, next } = this.base();
      const pending = new PendingBlock(view);
      let v: VerifiedTx;
      try {
        v = await this.opts.executor.include(pending, tx, next, this.timestampFor(next.minTimestamp), { kind: 'regular' }, attachments, 'admission');
      } catch (err) {
        if (isWesError(err)) throw err;
        // An untyped throw while checking a stranger's transaction is still a refusal of that transaction.
        throw new TxError('ADMISSION_FAILED', `the transaction could not be checked: ${err instanceof Error ? err.message : String(err)}`);
      }
      refuseFailingCall(v);
      this.mempool.add({ tx, txId: v.txId, fee: v.fee, size: v.size, attachments }, next.height);
      return v;
    });
  }

  /** Builds and commits the next block from the mempool (an empty block if nothing is pending); resolves once it is on disk. */
  async produce(): Promise<BlockInfo> {
    return (await this.produceStaged()).durable;
  }

  /**
   * Builds the next block and hands it to the store; resolves once it is sealed and its write has
   * started (`durable` tells when it is on disk). Admission and the next block go on meanwhile.
   */
  produceStaged(): Promise<StagedBlock> {
    return this.serial(async () => {
      const { view, next, parent } = this.base();
      if (next.height === 0n) throw new TxError('NO_GENESIS', 'create the genesis block first');
      const timestamp = this.timestampFor(next.minTimestamp);
      const pending = new PendingBlock(view);
      const max = this.maxBlockTxs;
      // Best rate first; an entry whose parent ranks lower is retried on the next pass.
      let waiting: MempoolEntry[] = this.mempool.ordered();
      for (let pass = 0; pass < 3 && waiting.length > 0 && pending.txs.length < max; pass++) {
        const deferred: MempoolEntry[] = [];
        for (const e of waiting) {
          if (pending.txs.length >= max) break;
          try {
            await this.opts.executor.include(pending, e.tx, next, timestamp, { kind: 'regular' }, e.attachments);
          } catch (err) {
            if (err instanceof TxError && err.code === 'TX_INPUT_MISSING') deferred.push(e);
            else this.mempool.drop(e.txId, dropReason(err, next.height)); // no longer valid, or poison: never retried
          }
        }
        if (deferred.length === waiting.length) {
          waiting = deferred;
          break;
        }
        waiting = deferred;
      }
      // Still missing an input that no pending transaction creates: spent or never existed, drop it.
      for (const e of waiting) {
        if (!e.tx.inputs.some((i) => this.mempool.has(i.outPoint.txId))) {
          this.mempool.drop(e.txId, { code: 'TX_INPUT_MISSING', message: 'an input is spent or never existed', height: next.height });
        }
      }
      const fees = pending.totalFees;
      if (this.opts.miner && fees > 0n) {
        const coinbase: Transaction = {
          version: 1, inputs: [], nonce: next.height, creationTimestamp: timestamp, chainId: utf8Encode(this.opts.executor.chainId),
          outputs: [{ owner: this.opts.miner, locks: [{ kind: 'singleKey', addressHash: this.opts.miner }], content: { type: 'asset', asset: { kind: 'native', amount: fees } } }],
        };
        await this.opts.executor.include(pending, coinbase, next, timestamp, { kind: 'coinbase', maxAmount: fees });
      }
      const commit = sealBlock(pending, next, timestamp, this.opts.executor.chainId);
      // Writes go in height order: this block's starts once its parent's has ended.
      await this.settled(parent);
      return this.stage(commit);
    });
  }

  /** Produces a block every `intervalMs` (skips a tick while one is still being built). */
  start(intervalMs: number, onError: (e: unknown) => void = () => undefined): void {
    if (this.timer) clearInterval(this.timer);
    let busy = false;
    this.timer = setInterval(() => {
      if (busy) return;
      busy = true;
      this.produceStaged()
        .then((b) => b.durable.catch(onError))
        .catch(onError)
        .finally(() => {
          busy = false;
        });
    }, intervalMs);
  }

  /** Stops the interval and resolves once the block in progress (if any) is built and on disk. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.queue;
    await this.inFlight?.written;
  }
}
