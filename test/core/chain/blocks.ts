/** Hand-assembled blocks for import tests (what another node would send). */
import type { Block, Transaction } from '../../../pkg/model.js';
import { transactionId } from '../../../internal/core/tx/hashing.js';
import { headerChainId, merkleRoot, stateRootAfter } from '../../../internal/core/chain/block-hash.js';
import { BLOCK_VERSION, nextBlockOf } from '../../../internal/core/chain/block-executor.js';
import type { ChainIndex } from '../../../internal/core/chain/chain-index.js';

/** A block of native-only transactions on top of `index`'s tip (no state changes). */
export function blockOf(index: ChainIndex, txs: readonly Transaction[], timestamp: bigint): Block {
  const next = nextBlockOf(index);
  return {
    header: {
      chainId: headerChainId(index.chainId), version: BLOCK_VERSION, previousHash: next.previousHash, timestamp, height: next.height,
      merkleRoot: merkleRoot(txs.map(transactionId)), stateRoot: stateRootAfter(next.previousStateRoot, []), nonce: new Uint8Array(0), difficulty: 0n,
    },
    transactions: txs,
  };
}
