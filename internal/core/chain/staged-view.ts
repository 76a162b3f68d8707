/**
 * The chain as it will be once a sealed block's batch is on disk: the committed index with that
 * block's effects laid over it. The producer builds the next block and admits transactions
 * against this view while the block's write (and fsync) is still in flight, so the main thread
 * keeps working instead of waiting on the disk (block-producer.ts).
 *
 * The answers are the same before and after the index applies the block (which happens when the
 * write completes, possibly in the middle of a build): what the block spent is gone either way,
 * what it created is found either way (listed once: the base's copy is skipped), its final state
 * writes and deployments win over equal base values, and its BlockInfo is served at its height.
 */
import { toHex } from '../../../pkg/encoding.js';
import type { BlockInfo, BlockReader } from '../../../pkg/ports.js';
import type { LedgerView } from '../tx/ledger-view.js';
import type { BlockCommit } from './block-effects.js';
import { LedgerOverlay } from './ledger-overlay.js';
import { stateKey, utxoKey } from './view-keys.js';

export class StagedBlockView extends LedgerOverlay {
  readonly info: BlockInfo;

  constructor(base: LedgerView, commit: BlockCommit) {
    super(base);
    const e = commit.effects;
    this.info = commit.info;
    for (const o of e.spent) this.spentBase.set(utxoKey(o), o);
    for (const u of e.created) this.created.set(utxoKey(u.outPoint), u);
    for (const w of e.state) this.writes.set(stateKey(w.contract, w.write.key), w);
    for (const d of e.deployments) this.deployed.set(toHex(d.contract), d);
    for (const r of e.resources) this.resourceMap.set(toHex(r.contentHash), r);
  }

  private readonly stagedBlocks: BlockReader = {
    blockAt: (height: bigint): BlockInfo | undefined => (height === this.info.height ? this.info : this.base.blocks.blockAt(height)),
  };

  override get blocks(): BlockReader {
    return this.stagedBlocks;
  }
}
