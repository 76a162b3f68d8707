/**
 * The LevelDB key layout and the binary value formats of the chain store, in one place.
 * Keys are ASCII: a one-letter table, then fixed-width hex, so lexicographic order is numeric
 * order (heights are 16 hex digits) and a table is one key range.
 *
 *   M:tip                         -> height u64 ‖ block hash
 *   B:<height>                    -> encoded Block
 *   I:<height>                    -> BlockInfo record (blockInfo* below)
 *   H:<block hash>                -> height u64
 *   X:<tx id>                     -> height u64 ‖ tx index u32
 *   U:<tx id>:<index 8>           -> created-at height u64 ‖ encoded TxOutput
 *   S:<contract>:<key hex>        -> version u64 ‖ value            (absent = not set)
 *   C:<code sha256>               -> wasm bytes (content-addressed, immutable)
 *   A:<contract address>          -> code sha256
 *   R:<content hash>              -> encoded Resource
 *   T:<tx id>                     -> encoded Receipt
 *   E:b:<height>:<tx 8>:<event 8> -> contract ‖ event data        (events by block)
 *   E:c:<contract>:<height>:<tx 8>:<event 8> -> event data        (events by contract)
 */
import { TxError } from '../../../pkg/errors.js';
import { toHex } from '../../../pkg/encoding.js';
import type { OutPoint } from '../../../pkg/model.js';
import type { BlockInfo } from '../../../pkg/ports.js';
import type { Address, Hash } from '../../../pkg/types.js';

export const hex16 = (n: bigint): string => n.toString(16).padStart(16, '0');
export const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

export const KEY = {
  tip: 'M:tip',
  block: (h: bigint): string => `B:${hex16(h)}`,
  info: (h: bigint): string => `I:${hex16(h)}`,
  hash: (hash: Hash): string => `H:${toHex(hash)}`,
  txLocation: (txId: Hash): string => `X:${toHex(txId)}`,
  utxo: (o: OutPoint): string => `U:${toHex(o.txId)}:${hex8(o.index)}`,
  state: (contract: Address, key: Uint8Array): string => `S:${toHex(contract)}:${toHex(key)}`,
  code: (codeHash: Hash): string => `C:${toHex(codeHash)}`,
  contract: (contract: Address): string => `A:${toHex(contract)}`,
  resource: (contentHash: Hash): string => `R:${toHex(contentHash)}`,
  receipt: (txId: Hash): string => `T:${toHex(txId)}`,
  eventByBlock: (h: bigint, tx: number, ev: number): string => `E:b:${hex16(h)}:${hex8(tx)}:${hex8(ev)}`,
  eventByContract: (c: Address, h: bigint, tx: number, ev: number): string => `E:c:${toHex(c)}:${hex16(h)}:${hex8(tx)}:${hex8(ev)}`,
} as const;

/** The key range of one table (or of one prefix within it). */
export function range(prefix: string): { gte: string; lt: string } {
  return { gte: prefix, lt: prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1) };
}

export function u64be(v: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, v, false);
  return out;
}

export function readU64be(bytes: Uint8Array, offset = 0): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(offset, false);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const INFO_LENGTH = 8 + 32 + 32 + 32 + 8 + 20;

export function encodeBlockInfo(i: BlockInfo): Uint8Array {
  return concat(u64be(i.height), i.hash, i.merkleRoot, i.stateRoot, u64be(i.timestamp), i.miner);
}

export function decodeBlockInfo(b: Uint8Array): BlockInfo {
  if (b.length !== INFO_LENGTH) throw new TxError('MALFORMED', `a block info record has ${INFO_LENGTH} bytes, got ${b.length}`);
  return {
    height: readU64be(b, 0),
    hash: b.slice(8, 40),
    merkleRoot: b.slice(40, 72),
    stateRoot: b.slice(72, 104),
    timestamp: readU64be(b, 104),
    miner: b.slice(112, 132),
  };
}
