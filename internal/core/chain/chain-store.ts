/**
 * The chain on disk (classic-level / LevelDB) and its in-memory index.
 *
 * Committing a block is ONE LevelDB batch holding the block, its info, tx locations, UTXO
 * deletions and insertions, state, code, resources, receipts, events and the new tip. LevelDB
 * applies a batch atomically through its write-ahead log, so a crash at any moment leaves the
 * store at the previous block or at the new one, never in between. The in-memory index is
 * updated only after the batch is written and is rebuilt from the tables on open.
 */
import { ChainError } from '../../../pkg/errors.js';
import { bytesEqual, fromHex, toHex } from '../../../pkg/encoding.js';
import type { Block, Receipt } from '../../../pkg/model.js';
import type { BlockInfo } from '../../../pkg/ports.js';
import type { Address, Hash } from '../../../pkg/types.js';
import { decodeBlock, decodeReceipt, decodeTxOutput, encodeBlock, encodeReceipt, encodeTxOutput } from '../wire/codec.js';
import type { BlockCommit } from './block-effects.js';
import { ChainIndex } from './chain-index.js';
import { MemoryKv, type ChainKv } from './chain-kv.js';
import { LevelKv } from './level-kv.js';
import { resourceRecordOf } from './resource-record.js';
import { KEY, concat, decodeBlockInfo, encodeBlockInfo, hex16, hex8, range, readU64be, u64be } from './store-records.js';

type Db = ChainKv;
export type Op = { type: 'put'; key: string; value: Uint8Array } | { type: 'del'; key: string };

export interface ChainStoreOptions {
  readonly chainId: string;
  /** fsync each block batch (survives power loss, not only process death). Default true. */
  readonly sync?: boolean;
}

/** Where an event sits in the chain: listings continue after such a position. */
export interface EventPosition {
  readonly height: bigint;
  readonly txIndex: number;
  readonly index: number;
}

export interface StoredEvent {
  readonly height: bigint;
  readonly txIndex: number;
  readonly index: number;
  readonly contract: Address;
  readonly data: Uint8Array;
}

/** classic-level hands out Buffers; the model speaks plain Uint8Array (Buffer.slice would also alias). */
function plain(v: Uint8Array): Uint8Array {
  return new Uint8Array(v);
}

/** Every [key, value] of one table, values as plain Uint8Array. */
async function* entries(db: Db, options: { gte?: string; gt?: string; lt: string; limit?: number }): AsyncGenerator<[string, Uint8Array]> {
  for await (const [k, v] of db.iterator(options)) yield [k, plain(v)];
}

async function loadIndex(db: Db, chainId: string): Promise<ChainIndex> {
  const index = new ChainIndex(chainId);
  const stored = await db.get(KEY.tip);
  const tip = stored === undefined ? undefined : plain(stored);
  const tipHeight = tip === undefined ? -1n : readU64be(tip, 0);
  for await (const [, v] of entries(db, range('I:'))) {
    const info = decodeBlockInfo(v);
    if (info.height > tipHeight) break; // cannot happen with atomic batches; never serve it if it did
    index.addBlockInfo(info);
  }
  if (BigInt(index.height ?? -1n) !== tipHeight || (tip !== undefined && !bytesEqual(index.tip!.hash, tip.subarray(8)))) {
    throw new ChainError('STORE_INCONSISTENT', `the tip record says height ${tipHeight} but ${index.height ?? 'no'} block infos are stored; restore from a backup`);
  }
  for await (const [k, v] of entries(db, range('U:'))) {
    const [, txHex, idxHex] = k.split(':') as [string, string, string];
    index.addUtxo({ outPoint: { txId: fromHex(txHex), index: parseInt(idxHex, 16) }, blockHeight: readU64be(v, 0), output: decodeTxOutput(v.subarray(8)) });
  }
  for await (const [k, v] of entries(db, range('S:'))) {
    const [, c, key] = k.split(':') as [string, string, string];
    index.setState(fromHex(c), fromHex(key), { version: readU64be(v, 0), value: v.slice(8) });
  }
  for await (const [k, v] of entries(db, range('C:'))) index.addCode(fromHex(k.slice(2)), v);
  for await (const [k, v] of entries(db, range('A:'))) index.addContract(fromHex(k.slice(2)), v);
  for await (const [k, v] of entries(db, range('R:'))) index.addResource(resourceRecordOf(v, fromHex(k.slice(2))));
  return index;
}

/** Every write committing `c` makes (pure: the storability check runs it on a one-transaction probe). */
export function batchFor(c: BlockCommit): Op[] {
  const { block, info, effects: e } = c;
  const h = info.height;
  const ops: Op[] = [];
  const put = (key: string, value: Uint8Array): number => ops.push({ type: 'put', key, value });
  put(KEY.block(h), encodeBlock(block));
  put(KEY.info(h), encodeBlockInfo(info));
  put(KEY.hash(info.hash), u64be(h));
  e.txs.forEach((t, i) => put(KEY.txLocation(t.txId), concat(u64be(h), u64be(BigInt(i)).subarray(4))));
  for (const o of e.spent) ops.push({ type: 'del', key: KEY.utxo(o) });
  for (const u of e.created) put(KEY.utxo(u.outPoint), concat(u64be(u.blockHeight), encodeTxOutput(u.output)));
  for (const { contract, write } of e.state) {
    if (write.value === undefined) ops.push({ type: 'del', key: KEY.state(contract, write.key) });
    else put(KEY.state(contract, write.key), concat(u64be(write.version), write.value));
  }
  for (const d of e.deployments) {
    put(KEY.code(d.codeHash), d.code);
    put(KEY.contract(d.contract), d.codeHash);
  }
  for (const r of e.resources) put(KEY.resource(r.contentHash), r.encoded);
  for (const { txIndex, receipt } of e.receipts) {
    put(KEY.receipt(receipt.txId), encodeReceipt(receipt));
    for (const ev of receipt.events) {
      put(KEY.eventByBlock(h, txIndex, ev.index), concat(ev.contract, ev.data));
      put(KEY.eventByContract(ev.contract, h, txIndex, ev.index), ev.data);
    }
  }
  put(KEY.tip, concat(u64be(h), info.hash));
  return ops;
}

/** Recent blocks kept decoded: explorers, followers and load generators read the newest ones most. */
const RECENT_BLOCKS = 16;
/** …within this many encoded bytes (a block of large transactions displaces the older ones). */
const RECENT_BLOCK_BYTES = 32 * 1024 * 1024;

export class ChainStore {
  private closed = false;
  /** The last committed blocks by height, oldest first (the same immutable objects the commit wrote), with their encoded sizes. */
  private readonly recent = new Map<bigint, { block: Block; bytes: number }>();
  private recentBytes = 0;

  private constructor(
    private readonly db: Db,
    readonly index: ChainIndex,
    private readonly sync: boolean,
  ) {}

  static async open(dir: string, options: ChainStoreOptions): Promise<ChainStore> {
    return ChainStore.openOn(new LevelKv(dir), options);
  }

  /** A store that lives in memory only (tests, throwaway nodes): the same code over MemoryKv. */
  static inMemory(options: ChainStoreOptions): Promise<ChainStore> {
    return ChainStore.openOn(new MemoryKv(), options);
  }

  /** The store over any ChainKv (LevelDB or in memory). */
  static async openOn(db: ChainKv, options: ChainStoreOptions): Promise<ChainStore> {
    await db.open();
    try {
      return new ChainStore(db, await loadIndex(db, options.chainId), options.sync ?? true);
    } catch (e) {
      await db.close();
      throw e;
    }
  }

  get height(): bigint | undefined {
    return this.index.height;
  }

  get tip(): BlockInfo | undefined {
    return this.index.tip;
  }

  /** Writes the block and all its effects in one atomic batch, then updates the index. */
  async commit(c: BlockCommit): Promise<void> {
    if (this.closed) throw new ChainError('STORE_CLOSED', 'the chain store is closed');
    const expected = (this.index.height ?? -1n) + 1n;
    if (c.info.height !== expected) throw new ChainError('BAD_HEIGHT', `expected block ${expected}, got ${c.info.height}`);
    const ops = batchFor(c);
    await this.db.batch(ops, { sync: this.sync });
    this.index.apply(c);
    const blockOp = ops.find((o) => o.key === KEY.block(c.info.height)); // the first op
    this.remember(c, blockOp?.type === 'put' ? blockOp.value.length : 0);
  }

  private remember(c: BlockCommit, bytes: number): void {
    this.recent.set(c.info.height, { block: c.block, bytes });
    this.recentBytes += bytes;
    for (const [height, r] of this.recent) {
      if (this.recent.size <= RECENT_BLOCKS && this.recentBytes <= RECENT_BLOCK_BYTES) break;
      this.recent.delete(height);
      this.recentBytes -= r.bytes;
    }
  }

  async getBlock(height: bigint): Promise<Block | undefined> {
    const cached = this.recent.get(height);
    if (cached !== undefined) return cached.block;
    const v = await this.db.get(KEY.block(height));
    return v === undefined ? undefined : decodeBlock(plain(v));
  }

  async heightOf(hash: Hash): Promise<bigint | undefined> {
    const v = await this.db.get(KEY.hash(hash));
    return v === undefined ? undefined : readU64be(v);
  }

  async txLocation(txId: Hash): Promise<{ height: bigint; txIndex: number } | undefined> {
    const v = await this.db.get(KEY.txLocation(txId));
    return v === undefined ? undefined : { height: readU64be(v, 0), txIndex: new DataView(v.buffer, v.byteOffset).getUint32(8, false) };
  }

  async getReceipt(txId: Hash): Promise<Receipt | undefined> {
    const v = await this.db.get(KEY.receipt(txId));
    return v === undefined ? undefined : decodeReceipt(plain(v));
  }

  async eventsByBlock(height: bigint): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    for await (const [k, v] of entries(this.db, range(`E:b:${hex16(height)}:`))) {
      const [, , , tx, ev] = k.split(':') as [string, string, string, string, string];
      out.push({ height, txIndex: parseInt(tx, 16), index: parseInt(ev, 16), contract: v.slice(0, 20), data: v.slice(20) });
    }
    return out;
  }

  /**
   * Events of `contract`, oldest first, from `fromHeight` on (or strictly after `after`); stops
   * after `limit` events or once their data passes `maxBytes` (the event that passes it included).
   */
  async eventsByContract(contract: Address, fromHeight = 0n, limit = 1000, after?: EventPosition, maxBytes = Number.POSITIVE_INFINITY): Promise<StoredEvent[]> {
    const prefix = `E:c:${toHex(contract)}:`;
    const out: StoredEvent[] = [];
    const lower = after !== undefined ? { gt: KEY.eventByContract(contract, after.height, after.txIndex, after.index) } : { gte: `${prefix}${hex16(fromHeight)}` };
    for await (const [k, v] of entries(this.db, { ...lower, lt: range(prefix).lt, limit })) {
      const [, , , h, tx, ev] = k.split(':') as [string, string, string, string, string, string];
      out.push({ height: BigInt(`0x${h}`), txIndex: parseInt(tx, 16), index: parseInt(ev, 16), contract, data: v });
      if ((maxBytes -= v.length) < 0) break;
    }
    return out;
  }

  /** Events of the transaction at (height, txIndex), in order, strictly after event `afterIndex`; limits as eventsByContract. */
  async eventsOfTx(height: bigint, txIndex: number, afterIndex: number | undefined, limit: number, maxBytes = Number.POSITIVE_INFINITY): Promise<StoredEvent[]> {
    const prefix = `E:b:${hex16(height)}:${hex8(txIndex)}:`;
    const lower = afterIndex !== undefined ? { gt: KEY.eventByBlock(height, txIndex, afterIndex) } : { gte: prefix };
    const out: StoredEvent[] = [];
    for await (const [k, v] of entries(this.db, { ...lower, lt: range(prefix).lt, limit })) {
      out.push({ height, txIndex, index: parseInt(k.slice(prefix.length), 16), contract: v.slice(0, 20), data: v.slice(20) });
      if ((maxBytes -= v.length) < 0) break;
    }
    return out;
  }

  /** Committed state of `contract` in key order (bytes), strictly after `afterKey`; limits as eventsByContract. */
  async stateEntries(contract: Address, afterKey: Uint8Array | undefined, limit: number, maxBytes = Number.POSITIVE_INFINITY): Promise<{ key: Uint8Array; value: Uint8Array; version: bigint }[]> {
    const prefix = `S:${toHex(contract)}:`;
    const lower = afterKey !== undefined ? { gt: KEY.state(contract, afterKey) } : { gte: prefix };
    const out: { key: Uint8Array; value: Uint8Array; version: bigint }[] = [];
    for await (const [k, v] of entries(this.db, { ...lower, lt: range(prefix).lt, limit })) {
      out.push({ key: fromHex(k.slice(prefix.length)), version: readU64be(v, 0), value: v.slice(8) });
      if ((maxBytes -= v.length) < 0) break;
    }
    return out;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.close();
  }
}
