/**
 * Test doubles for the pipelined commit: a MemoryKv whose block batches can be held open (a slow
 * fsync) or made to fail once (a disk error), logging each batch by its block-info key; and a
 * view holding exactly one coin (a wallet that spends the coin it tracks).
 */
import { toHex } from '../../pkg/encoding.js';
import type { Utxo } from '../../pkg/model.js';
import { MemoryKv, type ChainKvOp } from '../../internal/core/chain/chain-kv.js';
import type { LedgerView } from '../../internal/core/tx/ledger-view.js';

export class GatedKv extends MemoryKv {
  /** "start I:…", "done I:…" or "fail I:…" per batch, in order. */
  readonly log: string[] = [];
  /** The block-info keys of the batches written, in order. */
  readonly done: string[] = [];
  private gate: Promise<void> | undefined;
  private openGate: (() => void) | undefined;
  failNext = false;

  get held(): boolean {
    return this.gate !== undefined;
  }

  hold(): void {
    this.gate ??= new Promise((r) => (this.openGate = r));
  }

  release(): void {
    this.openGate?.();
    this.gate = undefined;
  }

  override async batch(ops: ChainKvOp[]): Promise<void> {
    const block = ops.find((o) => o.key.startsWith('I:'))?.key ?? '?';
    this.log.push(`start ${block}`);
    await this.gate;
    if (this.failNext) {
      this.failNext = false;
      this.log.push(`fail ${block}`);
      throw new Error('injected disk failure');
    }
    await super.batch(ops);
    this.log.push(`done ${block}`);
    this.done.push(block);
  }
}

/** The chain as seen by a wallet holding exactly `coin`: the builder spends that one. */
export function oneCoin(index: LedgerView, coin: Utxo): LedgerView {
  return {
    chainId: index.chainId, blocks: index.blocks, state: index.state, resources: index.resources,
    utxos: { get: (o) => (toHex(o.txId) === toHex(coin.outPoint.txId) && o.index === coin.outPoint.index ? coin : undefined), listByOwner: () => [coin] },
    codeOf: (c) => index.codeOf(c),
    codeByHash: (h) => index.codeByHash(h),
  };
}
