/**
 * The node's list replies, one page at a time (page-cursor.ts): an owner's UTXOs, a contract's
 * events and state entries, a transaction's events. Each page is bounded in items and payload
 * bytes, and reads at most one item more than it serves (to know whether more remain).
 */
import { compareBytes, fromHex, toHex, tryUtf8 } from '../../pkg/encoding.js';
import type { Utxo } from '../../pkg/model.js';
import type { Address, Hash } from '../../pkg/types.js';
import type { EventView, PageRequest, StateEntryView, UtxoView } from '../api/node-service.js';
import type { ChainStore } from '../core/chain/chain-store.js';
import { concat, readU64be, u64be } from '../core/chain/store-records.js';
import { eventView, jsonObject } from './json-view.js';
import { PAGE_LIMITS, decodeCursor, encodeCursor, pageLimit, readU32be, takePage, u32be } from './page-cursor.js';

/** Longest state key a listing cursor can carry (it travels base64url in a URL's query). */
const MAX_CURSOR_KEY_BYTES = 8 * 1024;

/** Index of the first UTXO in `sorted` (by txid, index) strictly after the outpoint (txId, index). */
function firstAfter(sorted: readonly Utxo[], txId: Uint8Array, index: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const o = sorted[mid]!.outPoint;
    if ((compareBytes(o.txId, txId) || o.index - index) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class ChainListings {
  constructor(private readonly store: ChainStore) {}

  utxos(owner: Address, req: PageRequest): { utxos: UtxoView[]; next: string | null } {
    const after = decodeCursor('utxos', req.cursor, (n) => n === 36);
    const limit = pageLimit(req);
    const all = this.store.index.utxosOwnedBy(owner); // sorted by (txid, index)
    const start = after === undefined ? 0 : firstAfter(all, after.subarray(0, 32), readU32be(after, 32));
    const views = all.slice(start, start + limit + 1).map((u) => ({
      txId: toHex(u.outPoint.txId),
      index: u.outPoint.index,
      height: u.blockHeight.toString(),
      output: jsonObject(u.output),
    }));
    const { page, more } = takePage(views, limit, (v) => JSON.stringify(v.output).length);
    const last = page[page.length - 1];
    return { utxos: page, next: more && last ? encodeCursor('utxos', concat(fromHex(last.txId), u32be(last.index))) : null };
  }

  async contractEvents(contract: Address, fromHeight: bigint, req: PageRequest): Promise<{ events: EventView[]; next: string | null }> {
    const after = decodeCursor('contract-events', req.cursor, (n) => n === 16);
    const position = after && { height: readU64be(after, 0), txIndex: readU32be(after, 8), index: readU32be(after, 12) };
    const limit = pageLimit(req);
    const stored = await this.store.eventsByContract(contract, fromHeight, limit + 1, position, PAGE_LIMITS.maxBytes);
    const { page, more } = takePage(stored, limit, (e) => e.data.length);
    const last = page[page.length - 1];
    return {
      events: page.map((e) => eventView(e, { height: e.height })),
      next: more && last ? encodeCursor('contract-events', concat(u64be(last.height), u32be(last.txIndex), u32be(last.index))) : null,
    };
  }

  async stateEntries(contract: Address, req: PageRequest): Promise<{ entries: StateEntryView[]; next: string | null }> {
    const after = decodeCursor('state', req.cursor, (n) => n >= 1 && n <= MAX_CURSOR_KEY_BYTES);
    const limit = pageLimit(req);
    const stored = await this.store.stateEntries(contract, after, limit + 1, PAGE_LIMITS.maxBytes);
    const taken = takePage(stored, limit, (e) => e.value.length + e.key.length);
    // A cursor holds the last key served and travels in a URL: a page ends before a key too long for
    // one. Only a page made entirely of such keys (over 8 KiB each) cannot be continued.
    let end = taken.page.length;
    if (taken.more) while (end > 1 && taken.page[end - 1]!.key.length > MAX_CURSOR_KEY_BYTES) end--;
    const page = taken.page.slice(0, end);
    const more = taken.more || end < taken.page.length;
    const last = page[page.length - 1];
    return {
      entries: page.map((e) => ({ key: toHex(e.key), keyText: tryUtf8(e.key), version: e.version.toString(), value: toHex(e.value), text: tryUtf8(e.value) })),
      next: more && last && last.key.length <= MAX_CURSOR_KEY_BYTES ? encodeCursor('state', last.key) : null,
    };
  }

  async txEvents(txId: Hash, loc: { height: bigint; txIndex: number }, req: PageRequest): Promise<{ events: EventView[]; next: string | null }> {
    const after = decodeCursor('tx-events', req.cursor, (n) => n === 4);
    const limit = pageLimit(req);
    const stored = await this.store.eventsOfTx(loc.height, loc.txIndex, after && readU32be(after, 0), limit + 1, PAGE_LIMITS.maxBytes);
    const { page, more } = takePage(stored, limit, (e) => e.data.length);
    const last = page[page.length - 1];
    return {
      events: page.map((e) => eventView(e, { height: loc.height, txId })),
      next: more && last ? encodeCursor('tx-events', u32be(last.index)) : null,
    };
  }
}
