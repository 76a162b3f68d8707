/** The check every pipelined-commit test ends with: another node replays the blocks and agrees. */
import { expect } from 'vitest';
import { toHex } from '../../pkg/encoding.js';
import type { BlockExecutor } from '../../internal/core/chain/block-executor.js';
import type { ChainStore } from '../../internal/core/chain/chain-store.js';

/**
 * Replays every block `source` stored on `replica` (a fresh node) through BlockExecutor.execute
 * against the replica's durable index, and expects the same block infos and UTXO set: what a
 * pipelined producer built must be what any other node computes.
 */
export async function expectReplayMatches(source: ChainStore, replica: { store: ChainStore; executor: BlockExecutor }): Promise<void> {
  for (let h = 1n; h <= source.height!; h++) {
    const block = (await source.getBlock(h))!;
    const attachments = new Map<string, Uint8Array>();
    for (const tx of block.transactions) for (const hash of tx.resourceAttachmentHashes ?? []) attachments.set(toHex(hash), source.index.codeByHash(hash)!);
    const commit = await replica.executor.execute(block, replica.store.index, attachments);
    expect(commit.info).toEqual(source.index.blocks.blockAt(h));
    await replica.store.commit(commit);
  }
  expect(replica.store.index.allUtxos()).toEqual(source.index.allUtxos());
}
