/**
 * Block identity and commitments.
 *
 *  - Block hash = SHA-256(protobuf encoding of the BlockHeader). WES used double SHA-256; one
 *    round is enough for a hash that is not mined against, and matches the tx id's hash.
 *  - Merkle root = binary SHA-256 tree over the tx ids in block order, the last node of an odd
 *    level paired with itself (Bitcoin's rule); the empty block's root is 32 zero bytes.
 *  - State root = SHA-256(previous state root ‖ SHA-256(this block's state changes)): a rolling
 *    commitment to the history of contract state, not a trie root (no proofs of single keys).
 *    When the block carries contract calls, that value is paired once more with the block's
 *    effects root — the merkle root of SHA-256(tx index ‖ encoded receipt) over its calls — so the
 *    effects computed at inclusion (spent and created UTXOs, status, events, return data, gas)
 *    are covered by the block hash and a verifier must reproduce them exactly.
 *  - Header chain id = the first 8 bytes (big-endian) of SHA-256(chain id text), since the
 *    header field is a uint64 and our chain ids are strings.
 */
import { sha256 } from '../../../pkg/hashes.js';
import { utf8Encode } from '../../../pkg/encoding.js';
import type { BlockHeader } from '../../../pkg/model.js';
import type { StateWrite } from '../../../pkg/draft.js';
import type { Address, Hash } from '../../../pkg/types.js';
import { encodeBlockHeader, encodeReceipt } from '../wire/codec.js';
import type { Receipt } from '../../../pkg/model.js';

export const ZERO_HASH: Hash = new Uint8Array(32);
export const ZERO_ADDRESS: Address = new Uint8Array(20);

export function blockHash(header: BlockHeader): Hash {
  return sha256(encodeBlockHeader(header));
}

function pair(a: Uint8Array, b: Uint8Array): Hash {
  const m = new Uint8Array(64);
  m.set(a, 0);
  m.set(b, 32);
  return sha256(m);
}

export function merkleRoot(txIds: readonly Hash[]): Hash {
  if (txIds.length === 0) return ZERO_HASH;
  let level = [...txIds];
  while (level.length > 1) {
    const next: Hash[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(pair(level[i]!, level[i + 1] ?? level[i]!));
    level = next;
  }
  return level[0]!;
}

export function headerChainId(chainId: string): bigint {
  const h = sha256(utf8Encode(chainId));
  return new DataView(h.buffer, h.byteOffset, 8).getBigUint64(0, false);
}

/** Length-prefixed, so no two different change lists encode alike. */
export function stateRootAfter(previous: Hash, changes: readonly { readonly contract: Address; readonly write: StateWrite }[]): Hash {
  // contract ‖ u32 key length ‖ key ‖ u64 version ‖ 0 | (1 ‖ u32 value length ‖ value), written into one buffer.
  let size = 0;
  for (const { contract, write } of changes) size += contract.length + 4 + write.key.length + 8 + 1 + (write.value === undefined ? 0 : 4 + write.value.length);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let o = 0;
  for (const { contract, write } of changes) {
    out.set(contract, o);
    o += contract.length;
    view.setUint32(o, write.key.length, false);
    out.set(write.key, o + 4);
    o += 4 + write.key.length;
    view.setBigUint64(o, BigInt.asUintN(64, write.version), false);
    o += 8;
    if (write.value === undefined) out[o++] = 0;
    else {
      out[o] = 1;
      view.setUint32(o + 1, write.value.length, false);
      out.set(write.value, o + 5);
      o += 5 + write.value.length;
    }
  }
  return pair(previous, sha256(out));
}

/** Merkle root over the block's call receipts (each bound to its tx index). */
export function effectsRoot(receipts: readonly { readonly txIndex: number; readonly receipt: Receipt }[]): Hash {
  return merkleRoot(receipts.map(({ txIndex, receipt }) => {
    const body = encodeReceipt(receipt);
    const m = new Uint8Array(4 + body.length);
    new DataView(m.buffer).setUint32(0, txIndex, false);
    m.set(body, 4);
    return sha256(m);
  }));
}

/** The header's state root: state history, and the effects of the block's calls when it has any. */
export function blockStateRoot(
  previous: Hash,
  changes: readonly { readonly contract: Address; readonly write: StateWrite }[],
  receipts: readonly { readonly txIndex: number; readonly receipt: Receipt }[],
): Hash {
  const state = stateRootAfter(previous, changes);
  return receipts.length === 0 ? state : pair(state, effectsRoot(receipts));
}
