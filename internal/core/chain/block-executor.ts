/**
 * Turns a block into a BlockCommit: checks the header against the tip, verifies every
 * transaction in order against the pending view (executing calls at their position: their
 * effects are computed here, call-pipeline.ts), checks the coinbase, the merkle root and the
 * state root (which covers the calls' effects, block-hash.ts). Both paths that add blocks use it: the producer
 * (sealBlock, after choosing transactions) and import of a block from elsewhere (execute).
 */
import { ChainError, TxError } from '../../../pkg/errors.js';
import { bytesEqual } from '../../../pkg/encoding.js';
import type { Block, BlockHeader, Transaction } from '../../../pkg/model.js';
import type { BlockInfo } from '../../../pkg/ports.js';
import type { Hash } from '../../../pkg/types.js';
import type { TxVerifier, TxRole, VerifiedTx } from '../tx/verifier.js';
import type { BlockCommit } from './block-effects.js';
import type { ChainIndex } from './chain-index.js';
import { PendingBlock } from './pending-block.js';
import { checkStorable, type StorableStage } from './storable.js';
import { ZERO_ADDRESS, ZERO_HASH, blockHash, blockStateRoot, headerChainId, merkleRoot } from './block-hash.js';

export const BLOCK_VERSION = 1n;

export interface NextBlock {
  readonly height: bigint;
  readonly previousHash: Hash;
  readonly previousStateRoot: Hash;
  readonly minTimestamp: bigint;
}

export function nextBlockOf(index: ChainIndex): NextBlock {
  return nextBlockAfter(index.tip);
}

/** The block after `tip` (after nothing: genesis). */
export function nextBlockAfter(tip: BlockInfo | undefined): NextBlock {
  return tip === undefined
    ? { height: 0n, previousHash: ZERO_HASH, previousStateRoot: ZERO_HASH, minTimestamp: 0n }
    : { height: tip.height + 1n, previousHash: tip.hash, previousStateRoot: tip.stateRoot, minTimestamp: tip.timestamp };
}

/** A 0-input transaction is a mint: every one in genesis, only the last one later (the coinbase). */
export function roleOf(tx: Transaction, height: bigint, isLast: boolean, feesSoFar: bigint): TxRole {
  if (tx.inputs.length > 0) return { kind: 'regular' };
  if (height === 0n) return { kind: 'genesis' };
  if (isLast) return { kind: 'coinbase', maxAmount: feesSoFar };
  return { kind: 'regular' }; // the verifier rejects it: NO_INPUTS
}

/**
 * Mempool admission rule (devnet producer and CometBFT CheckTx alike): a call that fails against
 * the tip would only pay its fee for nothing, so it is refused now. One that fails later, at its
 * real position in a block, is still included with a failed receipt.
 */
export function refuseFailingCall(v: VerifiedTx): void {
  if (v.callFailed !== true) return;
  const why = `the call fails if included now (${v.receipt?.reason ?? 'failed'}); not admitted`;
  if (v.receipt?.errorCode === 'TX_FEE_TOO_LOW') throw new TxError('FEE_TOO_LOW', why, { reason: v.receipt.reason });
  throw new TxError('CALL_FAILED', why, { reason: v.receipt?.reason });
}

/** Header and info for a verified pending block. */
export function sealBlock(pending: PendingBlock, next: NextBlock, timestamp: bigint, chainId: string): BlockCommit {
  const effects = pending.effects();
  const transactions = effects.txs.map((t) => t.tx);
  const header: BlockHeader = {
    chainId: headerChainId(chainId),
    version: BLOCK_VERSION,
    previousHash: next.previousHash,
    timestamp,
    height: next.height,
    merkleRoot: merkleRoot(effects.txs.map((t) => t.txId)),
    stateRoot: blockStateRoot(next.previousStateRoot, effects.stateLog, effects.receipts),
    nonce: new Uint8Array(0),
    difficulty: 0n,
  };
  return { block: { header, transactions }, info: infoOf(header, effects.txs), effects };
}

function infoOf(header: BlockHeader, txs: readonly VerifiedTx[]): BlockInfo {
  // The miner is the owner of the coinbase's first output (WES get_miner_address), if any.
  const last = txs[txs.length - 1];
  const miner = header.height > 0n && last && last.tx.inputs.length === 0 ? (last.tx.outputs[0]?.owner ?? ZERO_ADDRESS) : ZERO_ADDRESS;
  return {
    height: header.height,
    hash: blockHash(header),
    merkleRoot: header.merkleRoot,
    stateRoot: header.stateRoot ?? ZERO_HASH,
    timestamp: header.timestamp,
    miner,
  };
}

export class BlockExecutor {
  constructor(
    private readonly verifier: TxVerifier,
    readonly chainId: string,
  ) {}

  /**
   * Verifies one transaction into `pending` at the next position. Nothing is added unless the
   * transaction verifies AND everything the store writes for it encodes (TX_NOT_STORABLE).
   */
  async include(pending: PendingBlock, tx: Transaction, next: NextBlock, timestamp: bigint, role: TxRole, attachments?: ReadonlyMap<string, Uint8Array>, stage: StorableStage = 'block'): Promise<VerifiedTx> {
    const v = await this.verifier.verify({
      tx, view: pending, chainId: this.chainId, role,
      at: { height: next.height, timestamp, txIndex: pending.txs.length },
      ...(attachments && { attachments }),
    });
    checkStorable(v, stage);
    pending.add(v);
    return v;
  }

  /** Full check of a block that extends `index`'s tip; throws ChainError or TxError (with the tx index). */
  async execute(block: Block, index: ChainIndex, attachments?: ReadonlyMap<string, Uint8Array>): Promise<BlockCommit> {
    const next = nextBlockOf(index);
    const h = block.header;
    const bad = (code: string, msg: string): never => {
      throw new ChainError(code, `block ${h.height}: ${msg}`);
    };
    if (h.height !== next.height) bad('BAD_HEIGHT', `expected height ${next.height}`);
    if (!bytesEqual(h.previousHash, next.previousHash)) bad('BAD_PARENT', 'does not extend the tip');
    if (h.timestamp < next.minTimestamp) bad('BAD_TIMESTAMP', 'timestamp earlier than its parent\'s');
    if (h.chainId !== headerChainId(this.chainId)) bad('WRONG_CHAIN', 'header chain id is for another chain');
    if (h.version !== BLOCK_VERSION || h.difficulty !== 0n || h.nonce.length !== 0) bad('BAD_HEADER', 'unsupported version, difficulty or nonce');

    const pending = new PendingBlock(index);
    for (const [i, tx] of block.transactions.entries()) {
      const role = roleOf(tx, h.height, i === block.transactions.length - 1, pending.totalFees);
      try {
        await this.include(pending, tx, next, h.timestamp, role, attachments);
      } catch (e) {
        if (e instanceof TxError) throw new TxError(e.code.slice(3), `block ${h.height}, transaction ${i}: ${e.message}`, { ...e.details, txIndex: i });
        throw e;
      }
    }
    const commit = sealBlock(pending, next, h.timestamp, this.chainId);
    if (!bytesEqual(commit.block.header.merkleRoot, h.merkleRoot)) bad('BAD_MERKLE_ROOT', 'merkle root does not match its transactions');
    if (h.stateRoot === undefined || !bytesEqual(commit.info.stateRoot, h.stateRoot)) bad('BAD_STATE_ROOT', 'state root does not match its state changes');
    // Keep the block exactly as received (same bytes, same hash).
    return { ...commit, block, info: { ...commit.info, hash: blockHash(h) } };
  }
}
