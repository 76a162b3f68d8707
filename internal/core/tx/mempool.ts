/**
 * Pending transactions waiting for a block. It deduplicates by tx id, refuses a transaction
 * that spends an outpoint another pending one already spends (first seen wins: no replacement),
 * stays within a count and a byte budget, and hands transactions out in fee order: fee per byte
 * descending, ties by tx id ascending — a total order, so every node proposes the same block
 * from the same pool. When full, a newcomer evicts the lowest-ranked entries only if it
 * outranks them. Whatever leaves the pool without being included (evicted, outbid, or beaten to
 * an input by a block) is remembered with why (dropped()), so a client never sees a bare 404.
 *
 * Validity against the chain is the verifier's job; the pool only keeps admitted transactions
 * consistent with each other.
 */
import { TxError } from '../../../pkg/errors.js';
import { compareBytes, toHex } from '../../../pkg/encoding.js';
import type { Transaction } from '../../../pkg/model.js';
import type { Hash } from '../../../pkg/types.js';
import { outPointKey } from '../../../pkg/encoding.js';

export interface MempoolEntry {
  readonly tx: Transaction;
  readonly txId: Hash;
  readonly fee: bigint;
  /** Signed encoding size in bytes. */
  readonly size: number;
  readonly attachments: ReadonlyMap<string, Uint8Array>;
}

export interface MempoolLimits {
  readonly maxCount: number;
  readonly maxBytes: number;
}

export const DEFAULT_MEMPOOL_LIMITS: MempoolLimits = { maxCount: 10_000, maxBytes: 64 * 1024 * 1024 };

/** Why an admitted transaction left the pool without landing in a block. */
export interface DropRecord {
  /** The error code that evicted it (TX_*, or TX_BLOCK_ASSEMBLY_FAILED for an untyped failure). */
  readonly code: string;
  readonly message: string;
  /** The height of the block being built (or next to be built) when it was evicted. */
  readonly height: bigint;
}

/** How many evictions are remembered (oldest forgotten first): a bounded answer to "where did my tx go". */
export const DROP_LOG_SIZE = 4_096;

/** Negative when `a` ranks before `b` (pays more per byte, or same rate and smaller id). */
export function compareEntries(a: MempoolEntry, b: MempoolEntry): number {
  const lhs = a.fee * BigInt(b.size);
  const rhs = b.fee * BigInt(a.size);
  if (lhs !== rhs) return lhs > rhs ? -1 : 1;
  return compareBytes(a.txId, b.txId);
}

function spends(tx: Transaction): string[] {
  return tx.inputs.filter((i) => !i.referenceOnly).map((i) => outPointKey(i.outPoint));
}

export class Mempool {
  private readonly entries = new Map<string, MempoolEntry>();
  /** Spent outpoint -> hex id of the pending transaction spending it. */
  private readonly spentBy = new Map<string, string>();
  private bytes = 0;
  /** Evicted tx id -> why, insertion-ordered so the oldest is forgotten first. */
  private readonly drops = new Map<string, DropRecord>();
  /** Taken for a block whose write is still in flight (takeForBlock): pending to anyone asking until it is durable. */
  private committing = new Map<string, MempoolEntry>();
  private committingHeight = 0n;

  constructor(private readonly limits: MempoolLimits = DEFAULT_MEMPOOL_LIMITS) {}

  get size(): number {
    return this.entries.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  has(txId: Hash): boolean {
    return this.entries.has(toHex(txId));
  }

  /**
   * Admits `entry` or throws TX_DUPLICATE / TX_CONFLICT / TX_TOO_LARGE / TX_POOL_FULL. Returns the
   * ids it evicted (each recorded as dropped, TX_EVICTED, at `nextHeight`: the block to be built next).
   */
  add(entry: MempoolEntry, nextHeight: bigint): Hash[] {
    const id = toHex(entry.txId);
    if (this.entries.has(id)) throw new TxError('DUPLICATE', `transaction ${id} is already pending`);
    for (const k of spends(entry.tx)) {
      const other = this.spentBy.get(k);
      if (other !== undefined) throw new TxError('CONFLICT', `outpoint ${k} is already spent by pending transaction ${other}`, { outPoint: k, by: other });
    }
    if (entry.size > this.limits.maxBytes) throw new TxError('TOO_LARGE', 'the transaction is larger than the whole pool');
    const victims = this.victimsFor(entry);
    for (const v of victims) {
      this.dropId(toHex(v.txId), {
        code: 'TX_EVICTED',
        message: `outbid: the mempool was full and transaction ${id} pays more per byte (${entry.fee} for ${entry.size} bytes, against ${v.fee} for ${v.size}); resubmit with a higher fee`,
        height: nextHeight,
      });
    }
    this.entries.set(id, entry);
    this.drops.delete(id); // admitted again: the old eviction no longer describes it
    for (const k of spends(entry.tx)) this.spentBy.set(k, id);
    this.bytes += entry.size;
    return victims.map((v) => v.txId);
  }

  /** Lowest-ranked entries to evict so `entry` fits; throws POOL_FULL if it does not outrank them. */
  private victimsFor(entry: MempoolEntry): MempoolEntry[] {
    let count = this.entries.size + 1;
    let bytes = this.bytes + entry.size;
    if (count <= this.limits.maxCount && bytes <= this.limits.maxBytes) return [];
    const worstFirst = this.ordered().reverse();
    const victims: MempoolEntry[] = [];
    for (const e of worstFirst) {
      if (count <= this.limits.maxCount && bytes <= this.limits.maxBytes) break;
      if (compareEntries(entry, e) >= 0) break; // the newcomer does not outrank what is left
      victims.push(e);
      count--;
      bytes -= e.size;
    }
    if (count > this.limits.maxCount || bytes > this.limits.maxBytes) {
      throw new TxError('POOL_FULL', 'the mempool is full and the transaction pays too little per byte to displace another; raise the fee');
    }
    return victims;
  }

  /** A waiting transaction, or one in a block still being written. */
  get(txId: Hash): MempoolEntry | undefined {
    const id = toHex(txId);
    return this.entries.get(id) ?? this.committing.get(id);
  }

  /** All entries, best first. */
  ordered(): MempoolEntry[] {
    return [...this.entries.values()].sort(compareEntries);
  }

  remove(txId: Hash): boolean {
    return this.removeId(toHex(txId));
  }

  private removeId(id: string): boolean {
    const e = this.entries.get(id);
    if (!e) return false;
    this.entries.delete(id);
    for (const k of spends(e.tx)) if (this.spentBy.get(k) === id) this.spentBy.delete(k);
    this.bytes -= e.size;
    return true;
  }

  /** Evicts a transaction that failed while a block was built, remembering why. */
  drop(txId: Hash, reason: DropRecord): void {
    this.dropId(toHex(txId), reason);
  }

  private dropId(id: string, reason: DropRecord): void {
    this.removeId(id);
    this.drops.delete(id);
    this.drops.set(id, reason);
    if (this.drops.size > DROP_LOG_SIZE) this.drops.delete(this.drops.keys().next().value!);
  }

  /** Why `txId` was evicted, if it was (among the last DROP_LOG_SIZE evictions). */
  dropped(txId: Hash): DropRecord | undefined {
    return this.drops.get(toHex(txId));
  }

  /**
   * A sealed block's transactions leave the pool (with any that spend what the block spent) but
   * are still answered as pending by get() until finishBlock: the block is not on disk yet.
   */
  takeForBlock(includedIds: readonly Hash[], spent: readonly string[], height: bigint): void {
    const taken = new Map<string, MempoolEntry>();
    for (const txId of includedIds) {
      const id = toHex(txId);
      const e = this.entries.get(id);
      if (e !== undefined) taken.set(id, e);
    }
    this.removeForBlock(includedIds, spent, height);
    this.committing = taken;
    this.committingHeight = height;
  }

  /**
   * The block taken by takeForBlock is durable (`written`), or its write failed: then its
   * transactions come back, in their order, so nothing admitted is lost (one that no longer fits
   * or conflicts with a newer one stays out; the block builder would have refused it anyway).
   */
  finishBlock(written: boolean): void {
    const taken = this.committing;
    this.committing = new Map();
    if (written) return;
    for (const e of taken.values()) {
      try {
        this.add(e, this.committingHeight);
      } catch (err) {
        // Conflicts with a transaction admitted since, or the pool is full: the newer one stays,
        // and a reader asking for this one learns why it is gone (not a bare not-found).
        const code = err instanceof TxError ? err.code : 'TX_BLOCK_ASSEMBLY_FAILED';
        const why = err instanceof Error ? err.message : String(err);
        this.drop(e.txId, { code, message: `block ${this.committingHeight} could not be written and the transaction did not fit back into the pool: ${why}`, height: this.committingHeight });
      }
    }
  }

  /**
   * After block `height`: included transactions leave, and any pending one spending what the block
   * spent is dropped as TX_INPUT_MISSING (a conflicting transaction won the input).
   */
  removeForBlock(includedIds: readonly Hash[], spent: readonly string[], height: bigint): void {
    for (const id of includedIds) this.remove(id);
    for (const k of spent) {
      const other = this.spentBy.get(k);
      if (other === undefined) continue;
      this.dropId(other, {
        code: 'TX_INPUT_MISSING',
        message: `block ${height} included a conflicting transaction that spends input ${k}; this one can no longer be valid`,
        height,
      });
    }
  }
}
