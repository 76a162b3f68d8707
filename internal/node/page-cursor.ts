/**
 * Pages of list replies. A cursor is an opaque base64url token holding the position of the last
 * item served (an outpoint, an event position, a state key) tagged with the listing it belongs
 * to: the next page starts strictly after that position in the listing's total order, so a page
 * never repeats or skips an item because others were added or removed meanwhile, and the same
 * chain gives the same pages on every node. Pages are bounded in items (`limit`) and in bytes.
 */
import { InvalidRequestError } from '../../pkg/errors.js';
import type { PageRequest } from '../api/node-service.js';

export const PAGE_LIMITS = {
  defaultItems: 100,
  maxItems: 1000,
  /** Payload bytes (event data, state values, output encodings) one page may carry; at least one item is always served. */
  maxBytes: 1024 * 1024,
} as const;

export type CursorKind = 'utxos' | 'contract-events' | 'tx-events' | 'state';
const TAG: Record<CursorKind, number> = { utxos: 1, 'contract-events': 2, 'tx-events': 3, state: 4 };

export function encodeCursor(kind: CursorKind, position: Uint8Array): string {
  const out = new Uint8Array(1 + position.length);
  out[0] = TAG[kind];
  out.set(position, 1);
  return Buffer.from(out).toString('base64url');
}

/** The position in a cursor of `kind`, or undefined for no cursor; INPUT_BAD_CURSOR otherwise. */
export function decodeCursor(kind: CursorKind, cursor: string | undefined, validLength: (n: number) => boolean): Uint8Array | undefined {
  if (cursor === undefined) return undefined;
  const bytes = /^[A-Za-z0-9_-]*$/.test(cursor) ? new Uint8Array(Buffer.from(cursor, 'base64url')) : new Uint8Array(0);
  if (bytes.length < 1 || bytes[0] !== TAG[kind] || !validLength(bytes.length - 1) || Buffer.from(bytes).toString('base64url') !== cursor) {
    throw new InvalidRequestError('BAD_CURSOR', `"${cursor.slice(0, 64)}" is not a cursor of this ${kind} listing; pass back the "next" value of the previous page`);
  }
  return bytes.subarray(1);
}

export function pageLimit(req: PageRequest): number {
  return Math.min(Math.max(1, req.limit ?? PAGE_LIMITS.defaultItems), PAGE_LIMITS.maxItems);
}

/**
 * The first items of `candidates` (already in listing order, fetched up to limit + 1) that fit
 * the item and byte limits, and whether more remain after them.
 */
export function takePage<T>(candidates: readonly T[], limit: number, bytesOf: (t: T) => number): { readonly page: T[]; readonly more: boolean } {
  const page: T[] = [];
  let bytes = 0;
  for (const c of candidates) {
    if (page.length >= limit) break;
    bytes += bytesOf(c);
    if (page.length > 0 && bytes > PAGE_LIMITS.maxBytes) break;
    page.push(c);
  }
  return { page, more: page.length < candidates.length };
}

export function u32be(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n, false);
  return out;
}

export function readU32be(b: Uint8Array, offset: number): number {
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(offset, false);
}
