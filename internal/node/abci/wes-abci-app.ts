/**
 * The wes chain as an ABCI 2.0 application. CometBFT orders transactions; this executes them
 * with the devnet's own BlockExecutor (verification with re-execution of every call, at the
 * decided block's height and time) and commits one chain block per CometBFT height to the
 * ChainStore — chain height h is CometBFT height h, genesis (height 0) is made by InitChain.
 *
 * App hash = the chain block's hash. The header commits to the previous block's hash, the
 * merkle root of the included transaction ids and the rolling state root, so it is a chained
 * commitment to everything applied so far; it is computed only from the decided block (txs,
 * height, time in whole seconds), so every validator gets the same bytes.
 *
 * Transactions that fail verification inside a decided block get a non-zero code and are left
 * out of the chain block (they change nothing, pay nothing); a second copy of a transaction
 * fails on its spent inputs, so a transaction is included at most once.
 *
 * All requests — from CometBFT's four connections and from the HTTP API — run one at a time
 * (serial()), so CheckTx never sees the index while Commit is changing it.
 */
import { utf8Encode, toHex, bytesEqual } from '../../../pkg/encoding.js';
import { ChainError, isWesError, TxError } from '../../../pkg/errors.js';
import type { Transaction } from '../../../pkg/model.js';
import type { Address } from '../../../pkg/types.js';
import type { BlockCommit } from '../../core/chain/block-effects.js';
import { BlockExecutor, nextBlockOf, refuseFailingCall, sealBlock, type NextBlock } from '../../core/chain/block-executor.js';
import type { ChainStore } from '../../core/chain/chain-store.js';
import { genesisTransaction } from '../../core/chain/genesis.js';
import { PendingBlock } from '../../core/chain/pending-block.js';
import type { VerifiedTx } from '../../core/tx/verifier.js';
import { DROP_LOG_SIZE, type DropRecord } from '../../core/tx/mempool.js';
import { transactionId } from '../../core/tx/hashing.js';
import type { AbciRequest, AbciResponse, ResponseFor, TxResult } from './abci-messages.js';
import { parseAppGenesis, type AppGenesis } from './app-genesis.js';
import { decodeEnvelope, type TxEnvelope } from './tx-envelope.js';

export const APP_VERSION = 1n;
export const CODESPACE = 'wes';
/** ExecTxResult / CheckTx codes (deterministic: CometBFT hashes them into LastResultsHash). */
export const TX_CODE = { ok: 0, malformed: 1, rejected: 2 } as const;

export interface WesAbciAppDeps {
  readonly store: ChainStore;
  readonly executor: BlockExecutor;
  readonly chainId: string;
  readonly version: string;
  /**
   * The app_state of CometBFT's genesis.json, read by the node at start-up: after a restart
   * InitChain is not called again, and the fee collector must be known at every height.
   */
  readonly genesis: AppGenesis;
}

function coinbase(chainId: string, miner: Address, fees: bigint, height: bigint, timestamp: bigint): Transaction {
  return {
    version: 1, inputs: [], nonce: height, creationTimestamp: timestamp, chainId: utf8Encode(chainId),
    outputs: [{ owner: miner, locks: [{ kind: 'singleKey', addressHash: miner }], content: { type: 'asset', asset: { kind: 'native', amount: fees } } }],
  };
}

const ok = (txId: Uint8Array): TxResult => ({ code: TX_CODE.ok, data: txId, log: '', codespace: '' });

/**
 * A typed rejection of the transaction. Anything else is a bug (an untyped throw, or an engine
 * fault: InternalError), not a property of the transaction: inside a decided block it stops the
 * node rather than risk applying the block differently from other validators; in the local
 * checks (CheckTx, PrepareProposal) the transaction is just refused.
 */
function failure(e: unknown, malformed: boolean, inConsensus = false): TxResult {
  if (!isWesError(e) || e.category === 'internal') {
    if (inConsensus) throw e;
    return { code: TX_CODE.rejected, data: new Uint8Array(0), log: `INTERNAL: ${e instanceof Error ? e.message : String(e)}`, codespace: CODESPACE };
  }
  return { code: malformed ? TX_CODE.malformed : TX_CODE.rejected, data: new Uint8Array(0), log: `${e.code}: ${e.message}`, codespace: CODESPACE };
}

export class WesAbciApp {
  private queue: Promise<unknown> = Promise.resolve();
  /** FinalizeBlock's result, written by Commit. */
  private finalized: BlockCommit | undefined;
  /** Transactions decided blocks rejected, newest last, bounded: the answer to "where did my tx go". */
  private readonly drops = new Map<string, DropRecord>();

  constructor(private readonly d: WesAbciAppDeps) {}

  get store(): ChainStore {
    return this.d.store;
  }

  /** Runs `job` after every earlier request has finished. */
  serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  handle(req: AbciRequest): Promise<AbciResponse> {
    return this.serial(() => this.dispatch(req));
  }

  /** Mempool admission for the HTTP API: the same check as CheckTx, with the typed error. */
  admit(envelope: TxEnvelope): Promise<VerifiedTx> {
    return this.serial(() => this.verifyAtTip(envelope));
  }

  private async dispatch(req: AbciRequest): Promise<AbciResponse> {
    switch (req.kind) {
      case 'echo':
        return { kind: 'echo', message: req.message };
      case 'flush':
        return { kind: 'flush' };
      case 'info':
        return this.info();
      case 'initChain':
        return this.initChain(req);
      case 'query':
        return this.query(req);
      case 'checkTx':
        return { kind: 'checkTx', ...(await this.checkTx(req.tx)) };
      case 'prepareProposal':
        return { kind: 'prepareProposal', txs: await this.prepareProposal(req) };
      case 'processProposal':
        return { kind: 'processProposal', accept: this.processProposal(req.txs) };
      case 'finalizeBlock':
        return this.finalizeBlock(req);
      case 'commit':
        return this.commit();
      default:
        // Vote extensions are not used; state sync is not offered.
        return { kind: req.kind };
    }
  }

  private info(): ResponseFor<'info'> {
    const tip = this.d.store.tip;
    return { kind: 'info', data: 'wes-engine', version: this.d.version, appVersion: APP_VERSION, lastBlockHeight: tip?.height ?? 0n, lastBlockAppHash: tip?.hash ?? new Uint8Array(0) };
  }

  private async initChain(req: Extract<AbciRequest, { kind: 'initChain' }>): Promise<ResponseFor<'initChain'>> {
    if (req.chainId !== this.d.chainId) throw new ChainError('WRONG_CHAIN', `CometBFT's genesis is for chain "${req.chainId}", this node runs "${this.d.chainId}" (--chain-id)`);
    if (req.initialHeight > 1n) throw new ChainError('BAD_INITIAL_HEIGHT', 'the chain starts at CometBFT height 1 (initial_height 1)');
    const g = parseAppGenesis(req.appStateBytes);
    const mine = this.d.genesis.feeCollector;
    if ((g.feeCollector === undefined) !== (mine === undefined) || (g.feeCollector && mine && !bytesEqual(g.feeCollector, mine))) {
      throw new ChainError('GENESIS_MISMATCH', 'InitChain\'s app_state names another fee collector than the genesis file this node was started with');
    }
    const tip = this.d.store.tip;
    // Called again after a crash before block 1 was committed: the stored genesis stands.
    if (tip !== undefined) return { kind: 'initChain', appHash: tip.hash };
    const next = nextBlockOf(this.d.store.index);
    const pending = new PendingBlock(this.d.store.index);
    await this.d.executor.include(pending, genesisTransaction(this.d.chainId, g.allocations, req.time), next, req.time, { kind: 'genesis' });
    const commit = sealBlock(pending, next, req.time, this.d.chainId);
    await this.d.store.commit(commit);
    return { kind: 'initChain', appHash: commit.info.hash };
  }

  private async verifyAtTip(envelope: TxEnvelope): Promise<VerifiedTx> {
    const next = nextBlockOf(this.d.store.index);
    if (this.d.store.tip === undefined) throw new TxError('NO_GENESIS', 'the chain has no genesis block yet (CometBFT has not called InitChain)');
    const pending = new PendingBlock(this.d.store.index);
    // No wall clock: a transaction is checked at the last block's time.
    const v = await this.d.executor.include(pending, envelope.tx, next, next.minTimestamp, { kind: 'regular' }, envelope.attachments, 'admission');
    refuseFailingCall(v);
    return v;
  }

  private async checkTx(bytes: Uint8Array): Promise<TxResult> {
    let envelope: TxEnvelope;
    try {
      envelope = decodeEnvelope(bytes);
    } catch (e) {
      return failure(e, true);
    }
    try {
      return ok((await this.verifyAtTip(envelope)).txId);
    } catch (e) {
      return failure(e, false);
    }
  }

  private blockTime(next: NextBlock, time: bigint): bigint {
    return time > next.minTimestamp ? time : next.minTimestamp;
  }

  /** Applies `txs` in order to a fresh pending block; one result per tx. */
  private async apply(txs: readonly Uint8Array[], next: NextBlock, timestamp: bigint, inConsensus: boolean): Promise<{ pending: PendingBlock; results: TxResult[] }> {
    const pending = new PendingBlock(this.d.store.index);
    const results: TxResult[] = [];
    for (const bytes of txs) {
      let envelope: TxEnvelope;
      try {
        envelope = decodeEnvelope(bytes);
      } catch (e) {
        results.push(failure(e, true, inConsensus));
        continue;
      }
      try {
        const v = await this.d.executor.include(pending, envelope.tx, next, timestamp, { kind: 'regular' }, envelope.attachments);
        results.push(ok(v.txId));
      } catch (e) {
        const r = failure(e, false, inConsensus);
        if (inConsensus && isWesError(e)) this.recordDrop(transactionId(envelope.tx), { code: e.code, message: e.message, height: next.height });
        results.push(r);
      }
    }
    return { pending, results };
  }

  /** Drops what would fail in this block, and keeps within CometBFT's byte budget. */
  private async prepareProposal(req: Extract<AbciRequest, { kind: 'prepareProposal' }>): Promise<Uint8Array[]> {
    const next = nextBlockOf(this.d.store.index);
    const { results } = await this.apply(req.txs, next, this.blockTime(next, req.time), false);
    const out: Uint8Array[] = [];
    let total = 0n;
    req.txs.forEach((tx, i) => {
      if (results[i]!.code !== TX_CODE.ok) return;
      const size = BigInt(tx.length) + 8n; // protobuf overhead CometBFT counts per tx, at most
      if (total + size > req.maxTxBytes) return;
      total += size;
      out.push(tx);
    });
    return out;
  }

  /** A proposal with bytes that are not a transaction envelope at all is rejected. */
  private processProposal(txs: readonly Uint8Array[]): boolean {
    for (const tx of txs) {
      try {
        decodeEnvelope(tx);
      } catch (e) {
        if (e instanceof TxError) return false;
        throw e;
      }
    }
    return true;
  }

  private async finalizeBlock(req: Extract<AbciRequest, { kind: 'finalizeBlock' }>): Promise<ResponseFor<'finalizeBlock'>> {
    const next = nextBlockOf(this.d.store.index);
    if (this.d.store.tip === undefined) throw new ChainError('BAD_HEIGHT', 'FinalizeBlock before InitChain');
    if (req.height !== next.height) throw new ChainError('BAD_HEIGHT', `FinalizeBlock for height ${req.height}, the chain expects ${next.height}`);
    const timestamp = this.blockTime(next, req.time);
    const { pending, results } = await this.apply(req.txs, next, timestamp, true);
    const fees = pending.totalFees;
    const collector = this.d.genesis.feeCollector;
    if (collector !== undefined && fees > 0n) {
      await this.d.executor.include(pending, coinbase(this.d.chainId, collector, fees, next.height, timestamp), next, timestamp, { kind: 'coinbase', maxAmount: fees });
    }
    this.finalized = sealBlock(pending, next, timestamp, this.d.chainId);
    return { kind: 'finalizeBlock', txResults: results, appHash: this.finalized.info.hash };
  }

  private async commit(): Promise<ResponseFor<'commit'>> {
    const c = this.finalized;
    if (c === undefined) throw new ChainError('NOTHING_TO_COMMIT', 'Commit without a FinalizeBlock');
    this.finalized = undefined;
    await this.d.store.commit(c);
    return { kind: 'commit', retainHeight: 0n };
  }

  /** `/status` → {height, appHash}; `/tx` with a 32-byte id → its location. JSON values. */
  private async query(req: Extract<AbciRequest, { kind: 'query' }>): Promise<ResponseFor<'query'>> {
    const height = this.d.store.height ?? 0n;
    const answer = (code: number, value: unknown, log = ''): ResponseFor<'query'> => ({ kind: 'query', code, log, value: utf8Encode(JSON.stringify(value)), height });
    if (req.path === '/status') return answer(0, { height: height.toString(), appHash: toHex(this.d.store.tip?.hash ?? new Uint8Array(0)) });
    if (req.path === '/tx' && req.data.length === 32) {
      const loc = await this.d.store.txLocation(req.data);
      return loc === undefined ? answer(1, null, 'not found') : answer(0, { height: loc.height.toString(), txIndex: loc.txIndex });
    }
    return answer(1, null, `unknown query path "${req.path}" (try /status or /tx)`);
  }

  private recordDrop(txId: Uint8Array, record: DropRecord): void {
    const id = toHex(txId);
    this.drops.delete(id);
    this.drops.set(id, record);
    if (this.drops.size > DROP_LOG_SIZE) this.drops.delete(this.drops.keys().next().value!);
  }

  /** Why a decided block left `txId` out, if one did (among the last DROP_LOG_SIZE). */
  dropped(txId: Uint8Array): DropRecord | undefined {
    return this.drops.get(toHex(txId));
  }

  /** The block FinalizeBlock computed and Commit has not yet written (tests). */
  get uncommitted(): BlockCommit | undefined {
    return this.finalized;
  }

  /** True when `hash` is the app hash at the tip (tests, tools). */
  isTip(hash: Uint8Array): boolean {
    const tip = this.d.store.tip;
    return tip !== undefined && bytesEqual(tip.hash, hash);
  }
}
