/**
 * The NodeService of a single-node devnet: reads come from the chain store and its in-memory
 * index, calls are simulated by the engine at the next block's position, transactions are
 * built unsigned (the client signs) and submitted to the block producer.
 */
import { addressToBase58, fromHex, parseAddress, toBase64, toHex, tryUtf8, utf8Encode } from '../../pkg/encoding.js';
import { ChainError, InvalidRequestError, TxError, isWesError } from '../../pkg/errors.js';
import type { CallRequest, CallResult, ModuleSummary } from '../../pkg/engine.js';
import { receiptFailed, type Transaction } from '../../pkg/model.js';
import { ABI_VERSION, type Address } from '../../pkg/types.js';
import type {
  BalanceView,
  BlockView,
  CallSpec,
  CodeView,
  ContractView,
  EventView,
  NodeService,
  PageRequest,
  SimulationView,
  StateEntryView,
  StateView,
  StatusView,
  TxView,
  UnsignedTxView,
  UtxoView,
} from '../api/node-service.js';
import { ENGINE_VERSION } from '../core/engines/wasm/loader/loader.js';
import { COST_TABLE_VERSION } from '../core/engines/wasm/loader/cost-table.js';
import { buildContractCall, buildDeploy, buildPayment, buildTransfer, simulateCall, type BuiltTransaction, type CallBuildRequest } from '../core/tx/builder.js';
import { fundsOutput, storageAllowance, type CallEffects, type CallRunner } from '../core/tx/call-pipeline.js';
import { decodeTransaction, encodeReceipt, encodeTransaction } from '../core/wire/codec.js';
import { feePolicySummary } from '../core/tx/fee-policy.js';
import { txBytesOf } from '../core/tx/tx-bytes.js';
import { signatureHash } from '../core/tx/hashing.js';
import type { BlockPosition } from '../core/tx/reexecution.js';
import type { BlockSource } from './block-source.js';
import type { ChainStore } from '../core/chain/chain-store.js';
import { blockHash } from '../core/chain/block-hash.js';
import { ChainListings } from './chain-listings.js';
import { PAGE_LIMITS } from './page-cursor.js';
import { eventView, jsonObject, printableText } from './json-view.js';
import { STALE, type SimulatedCall } from './simulation/simulation-pool.js';

export const DEFAULT_CALL_GAS = 10_000_000n;
/**
 * Default gas cap of an API simulation (node policy, separate from the consensus maxGasLimit):
 * about two seconds of plain wasm; the wall-clock deadline stops anything slower per gas.
 */
export const DEFAULT_SIMULATION_GAS_CAP = 1_000_000_000n;
/** Attempts at simulating a call when blocks keep being committed under it. */
const STALE_RETRIES = 3;

/** Where API simulations run: off the event loop, under a deadline (SimulationPool). */
export interface CallSimulator {
  call(c: SimulatedCall): Promise<CallResult | typeof STALE>;
  prepare(code: Uint8Array): Promise<ModuleSummary>;
}

export interface DevnetServiceDeps {
  readonly chainId: string;
  readonly store: ChainStore;
  /** Where submitted transactions go: the devnet producer or CometBFT (block-source.ts). */
  readonly producer: Pick<BlockSource, 'submit' | 'mempool'>;
  readonly simulator: CallSimulator;
  /** Largest gas limit a simulation (and so a call built through the API) may ask for. */
  readonly simulationGasCap?: bigint;
  /** Unix seconds: the timestamp a call is simulated at (the next block's, as best known). */
  readonly clock: () => bigint;
  /** Produces a block now, timing it for metrics. */
  readonly produce: () => Promise<void>;
  /** Checks a submission's signatures off the main thread first (the verifier's verdict does not depend on it). */
  readonly signatures?: { precheck(tx: Transaction): Promise<void> };
}

function address(text: string, what: string): Address {
  try {
    return parseAddress(text);
  } catch {
    throw new InvalidRequestError('BAD_ADDRESS', `${what} "${text}" is not a WES address (Base58Check, version 0x1C, or 40-digit hex)`);
  }
}

function fundsAmountOf(text: string): bigint {
  if (!/^[0-9]{1,20}$/.test(text) || BigInt(text) >= 2n ** 64n) throw new InvalidRequestError('BAD_AMOUNT', 'funds must be a whole number of base units below 2^64');
  return BigInt(text);
}

function amountOf(text: string): bigint {
  const v = BigInt(text);
  if (v <= 0n) throw new InvalidRequestError('BAD_AMOUNT', 'amount must be a positive number of base units');
  return v;
}

/** A simulation whose chain moved under it (the pool said STALE): retried at the new tip. */
class StaleSimulation extends Error {}

export class DevnetService implements NodeService {
  private readonly listings: ChainListings;

  constructor(private readonly d: DevnetServiceDeps) {
    this.listings = new ChainListings(d.store);
  }

  private get index(): ChainStore['index'] {
    return this.d.store.index;
  }

  private nextPosition(): BlockPosition {
    const tip = this.d.store.tip;
    const now = this.d.clock();
    const height = tip === undefined ? 0n : tip.height + 1n;
    const timestamp = tip !== undefined && tip.timestamp > now ? tip.timestamp : now;
    return { height, timestamp, txIndex: 0 };
  }

  private unsignedView(built: BuiltTransaction, extra: { contract?: Address } = {}): UnsignedTxView {
    return {
      txId: toHex(built.txId),
      unsignedTx: toBase64(encodeTransaction(built.tx)),
      fee: built.fee.toString(),
      signatures: built.signerInputs.map((i) => ({ inputIndex: i, sighash: toHex(signatureHash(built.tx, i)) })),
      ...(built.attachments.size > 0 && { attachments: Object.fromEntries([...built.attachments].map(([k, v]) => [k, toBase64(v)])) }),
      ...(extra.contract !== undefined && { contract: addressToBase58(extra.contract) }),
    };
  }

  async status(): Promise<StatusView> {
    const tip = this.d.store.tip;
    return {
      chainId: this.d.chainId,
      height: (tip?.height ?? -1n).toString(),
      tipHash: tip ? toHex(tip.hash) : '',
      tipTimestamp: (tip?.timestamp ?? 0n).toString(),
      mempoolSize: this.d.producer.mempool.size,
      engine: { version: ENGINE_VERSION, costTableVersion: COST_TABLE_VERSION, abiVersion: `${ABI_VERSION >> 16}.${(ABI_VERSION >> 8) & 0xff}.${ABI_VERSION & 0xff}` },
      feePolicy: feePolicySummary(),
    };
  }

  async buildDeploy(req: { wasm: Uint8Array; from: string }): Promise<UnsignedTxView> {
    // Pay before work: funds and fee are checked (buildDeploy throws) before the module is
    // compiled, and it is compiled in a worker, in memory only: code not on chain never hits disk.
    const built = buildDeploy({ view: this.index, from: address(req.from, 'from'), code: req.wasm, chainId: this.d.chainId });
    await this.d.simulator.prepare(req.wasm); // typed LOAD_* error before anything is returned
    return this.unsignedView(built, { contract: built.contract });
  }

  private callRequest(req: CallSpec): CallBuildRequest {
    const contract = address(req.contract, 'contract');
    if (this.index.codeOf(contract) === undefined) throw new InvalidRequestError('CONTRACT_NOT_FOUND', `no contract is deployed at ${req.contract}`);
    if (req.params !== undefined && req.payload !== undefined) throw new InvalidRequestError('BAD_CALL', 'give params or payload, not both');
    const payload = req.payload !== undefined ? fromHex(req.payload) : utf8Encode(JSON.stringify(req.params ?? {}));
    const gasLimit = req.gasLimit !== undefined ? BigInt(req.gasLimit) : DEFAULT_CALL_GAS;
    const cap = this.d.simulationGasCap ?? DEFAULT_SIMULATION_GAS_CAP;
    if (gasLimit > cap) {
      throw new InvalidRequestError('GAS_ABOVE_SIMULATION_CAP', `gas limit ${gasLimit} is above this node's simulation cap of ${cap}`, { gasLimit: gasLimit.toString(), cap: cap.toString() });
    }
    const funds = req.funds !== undefined ? fundsAmountOf(req.funds) : 0n;
    return {
      view: this.index, payer: address(req.caller, 'caller'), chainId: this.d.chainId,
      call: { contract, method: req.method, payload, gasLimit, ...(funds > 0n && { funds }) },
    };
  }

  /**
   * The call through the one pipeline, as if included first in the next block: the pipeline runs
   * here, the engine call in a simulation worker (reading the chain plus the call's attached
   * funds). Retried when blocks are committed under it.
   */
  private async execute(request: CallBuildRequest): Promise<CallEffects> {
    for (let attempt = 0; attempt < STALE_RETRIES; attempt++) {
      const height = this.index.height;
      const runner: CallRunner = async (req: CallRequest, overlay) => {
        const { chain: _chain, ...context } = req.context;
        const r = await this.d.simulator.call({
          code: req.code, ...(req.contract !== undefined && { contract: req.contract }), method: req.method, payload: req.payload, gasLimit: req.gasLimit,
          context, height, overlay,
        });
        if (r === STALE) throw new StaleSimulation();
        return r;
      };
      try {
        return await simulateCall(runner, request, this.nextPosition());
      } catch (e) {
        if (!(e instanceof StaleSimulation)) throw e;
      }
    }
    throw new ChainError('TIP_MOVED', `blocks were committed during each of ${STALE_RETRIES} attempts to simulate the call; try again`);
  }

  private simulationView(e: CallEffects): SimulationView {
    const r = e.result;
    const failedEffects = r !== undefined && r.ok && e.failed;
    return {
      ok: !e.failed,
      status: r?.status ?? null,
      statusName: r?.statusName ?? 'TRAPPED',
      gasUsed: (r?.gasUsed ?? 0n).toString(),
      returnData: toHex(r?.returnData ?? new Uint8Array(0)),
      returnText: tryUtf8(r?.returnData ?? new Uint8Array(0)),
      events: (r?.events ?? []).map((ev) => eventView(ev)),
      error: r?.error
        ? { code: r.error.code, message: r.error.message }
        : e.failed ? { code: e.receipt.errorCode ?? 'TX_CALL_FAILED', message: e.receipt.reason ?? 'the call failed' } : null,
      draft: r?.draft && !failedEffects
        ? jsonObject({ inputs: r.draft.inputs, outputs: r.draft.outputs, stateWrites: r.draft.stateWrites, hash: r.draft.hash() })
        : null,
      logs: r?.logs ?? [],
    };
  }

  async simulate(req: CallSpec): Promise<SimulationView> {
    return this.simulationView(await this.execute(this.callRequest(req)));
  }

  async buildCall(req: CallSpec): Promise<{ simulation: SimulationView; tx: UnsignedTxView }> {
    const request = this.callRequest(req);
    const effects = await this.execute(request);
    const simulation = this.simulationView(effects);
    if (effects.failed) {
      // A mistake in the request (no such method, a payload the engine refuses) is the caller's
      // input error with its own code, as in `wes run` — not a failed call.
      const code = effects.receipt.errorCode;
      if (code !== undefined && code.startsWith('INPUT_')) throw new InvalidRequestError(code.slice('INPUT_'.length), (effects.receipt.reason ?? code).replace(/^the engine refused the call: /, ''));
      throw new TxError('CALL_FAILED', `the call failed in simulation (${effects.receipt.reason ?? simulation.statusName}); nothing to sign`, {
        simulation,
      });
    }
    return { simulation, tx: this.unsignedView(buildContractCall({ ...request, storedEffectBytes: storageAllowance(effects.receipt) })) };
  }

  async buildTransfer(req: { from: string; to: string; amount: string }): Promise<UnsignedTxView> {
    const from = address(req.from, 'from');
    const to = address(req.to, 'to');
    const amount = amountOf(req.amount);
    // Coin sent to a contract arrives under its ContractLock: no key could spend singleKey(contract).
    const built = this.index.codeOf(to) !== undefined
      ? buildPayment({ view: this.index, from, outputs: [fundsOutput(to, amount)], chainId: this.d.chainId })
      : buildTransfer({ view: this.index, from, to, amount, chainId: this.d.chainId });
    return this.unsignedView(built);
  }

  async submit(req: { tx: Uint8Array; attachments: ReadonlyMap<string, Uint8Array> }): Promise<{ txId: string; fee: string }> {
    let tx: Transaction;
    try {
      tx = decodeTransaction(req.tx);
    } catch (e) {
      // The decoder's own code (TX_TOO_DEEP, TX_MALFORMED, ...) says which bound or rule failed.
      throw new InvalidRequestError('BAD_TRANSACTION', `not a valid encoded transaction: ${(e as Error).message}`, isWesError(e) ? { reason: e.code } : {});
    }
    await this.d.signatures?.precheck(tx);
    const v = await this.d.producer.submit(tx, req.attachments);
    return { txId: toHex(v.txId), fee: v.fee.toString() };
  }

  async getTx(txIdHex: string): Promise<TxView | undefined> {
    const txId = fromHex(txIdHex);
    // The pool is asked before the store: a transaction leaves the pool only once its block is on
    // disk, while the store read below may answer from before that write (pending, then 404).
    const pooled = this.d.producer.mempool.get?.(txId);
    const loc = await this.d.store.txLocation(txId);
    if (loc === undefined) {
      const waiting = this.notStored(txId, pooled);
      if (waiting === undefined) return undefined;
      return { txId: toHex(txId), status: 'pending', height: '', txIndex: -1, tx: jsonObject(waiting.tx), raw: toBase64(encodeTransaction(waiting.tx)), receipt: null, events: [], eventsNext: null };
    }
    const block = await this.d.store.getBlock(loc.height);
    const tx = block?.transactions[loc.txIndex];
    if (tx === undefined) return undefined;
    const receipt = await this.d.store.getReceipt(txId);
    const failed = receipt !== undefined && receiptFailed(receipt);
    const events = await this.txEventsAt(txId, loc, {});
    return {
      txId: toHex(txId),
      status: failed ? 'failed' : 'included',
      ...(failed && { reason: receipt.reason ?? receipt.errorCode ?? `status ${receipt.status}` }),
      height: loc.height.toString(),
      txIndex: loc.txIndex,
      // One chain-id form everywhere: the chain's name, as /v1/status gives it (hex only if not text).
      tx: { ...jsonObject(tx), chainId: printableText(tx.chainId) ?? toHex(tx.chainId) },
      raw: toBase64(encodeTransaction(tx)),
      ...(receipt !== undefined && { rawReceipt: toBase64(encodeReceipt(receipt)) }),
      receipt: receipt ? jsonObject({ ...receipt, events: undefined, eventCount: receipt.events.length }) : null,
      events: events.events,
      eventsNext: events.next,
    };
  }

  async contract(text: string): Promise<ContractView | undefined> {
    const contract = address(text, 'contract');
    const codeHash = this.index.codeHashOf(contract);
    if (codeHash === undefined) return undefined;
    return { address: addressToBase58(contract), codeHash: toHex(codeHash), codeSize: this.index.codeByHash(codeHash)?.length ?? 0 };
  }

  async code(codeHashHex: string, limit: number): Promise<CodeView | undefined> {
    const codeHash = fromHex(codeHashHex);
    const code = this.index.codeByHash(codeHash);
    if (code === undefined) return undefined;
    const { instances, total } = this.index.instancesOf(codeHash, limit);
    return { codeHash: toHex(codeHash), size: code.length, instances: instances.map(addressToBase58), totalInstances: total };

  }

  async txEvents(txIdHex: string, page: PageRequest): Promise<{ events: EventView[]; next: string | null; status?: 'pending' } | undefined> {
    const txId = fromHex(txIdHex);
    const pooled = this.d.producer.mempool.get?.(txId); // before the store read, as in getTx
    const loc = await this.d.store.txLocation(txId);
    if (loc !== undefined) return this.txEventsAt(txId, loc, page);
    // Waiting for a block: no events yet, as getTx's pending view says (whatever the cursor).
    return this.notStored(txId, pooled) === undefined ? undefined : { events: [], next: null, status: 'pending' };
  }

  /**
   * A transaction no stored block holds: its pool entry while it waits (or while its block is
   * written — `pooled` was read before the store was asked, which may answer from before that
   * write); a typed TX_DROPPED if it left the pool without landing (evicted, outbid, beaten to an
   * input, no longer valid) instead of a bare 404; undefined if this node never saw it.
   */
  private notStored(txId: Uint8Array, pooled: { readonly tx: Transaction } | undefined): { readonly tx: Transaction } | undefined {
    const waiting = pooled ?? this.d.producer.mempool.get?.(txId);
    if (waiting !== undefined) return waiting;
    const drop = this.d.producer.mempool.dropped(txId);
    if (drop === undefined) return undefined;
    throw new TxError('DROPPED', `transaction ${toHex(txId)} was dropped at block ${drop.height}: ${drop.code}: ${drop.message}`, {
      reason: drop.code, height: drop.height.toString(),
    });
  }

  private txEventsAt(txId: Uint8Array, loc: { height: bigint; txIndex: number }, req: PageRequest): Promise<{ events: EventView[]; next: string | null }> {
    return this.listings.txEvents(txId, loc, req);
  }

  private utxosOf(owner: Address): ReturnType<ChainStore['index']['utxosOwnedBy']> {
    return this.index.utxosOwnedBy(owner);
  }

  async balance(addr: string): Promise<BalanceView> {
    const owner = address(addr, 'address');
    let native = 0n;
    const tokens = new Map<string, { contract: string; classId: string; classIdText?: string; amount: bigint }>();
    for (const u of this.utxosOf(owner)) {
      if (u.output.content.type !== 'asset') continue;
      const a = u.output.content.asset;
      if (a.kind === 'native') {
        native += a.amount;
      } else {
        const key = `${toHex(a.contract)}:${toHex(a.classId)}`;
        const text = printableText(a.classId);
        const t = tokens.get(key) ?? { contract: addressToBase58(a.contract), classId: toHex(a.classId), ...(text !== undefined && { classIdText: text }), amount: 0n };
        t.amount += a.amount;
        tokens.set(key, t);
      }
    }
    const sorted = [...tokens.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, t]) => ({ ...t, amount: t.amount.toString() }));
    // Bounded like every list reply: anyone can send an address dust of many token classes.
    return {
      address: addressToBase58(owner),
      native: native.toString(),
      tokens: sorted.slice(0, PAGE_LIMITS.maxItems),
      ...(sorted.length > PAGE_LIMITS.maxItems && { tokenClasses: sorted.length, tokensTruncated: true }),
    };
  }

  async utxos(addr: string, req: PageRequest): Promise<{ utxos: UtxoView[]; next: string | null }> {
    return this.listings.utxos(address(addr, 'address'), req);
  }

  stateEntries(contractText: string, req: PageRequest): Promise<{ entries: StateEntryView[]; next: string | null }> {
    return this.listings.stateEntries(address(contractText, 'contract'), req);
  }

  async state(contractText: string, key: Uint8Array): Promise<StateView> {
    const contract = address(contractText, 'contract');
    const entry = this.index.state.get(contract, key);
    return {
      contract: addressToBase58(contract),
      key: toHex(key),
      found: entry !== undefined,
      version: (entry?.version ?? 0n).toString(),
      value: entry ? toHex(entry.value) : null,
      text: entry ? tryUtf8(entry.value) : undefined,
    };
  }

  events(contractText: string, fromHeight: bigint, req: PageRequest): Promise<{ events: EventView[]; next: string | null }> {
    return this.listings.contractEvents(address(contractText, 'contract'), fromHeight, req);
  }

  async block(id: string): Promise<BlockView | undefined> {
    let height: bigint | undefined;
    if (id === 'latest') height = this.d.store.height;
    else if (/^[0-9]+$/.test(id)) height = BigInt(id);
    else height = await this.d.store.heightOf(fromHex(id));
    if (height === undefined) return undefined;
    const block = await this.d.store.getBlock(height);
    if (block === undefined) return undefined;
    return {
      height: block.header.height.toString(),
      hash: toHex(blockHash(block.header)),
      parentHash: toHex(block.header.previousHash),
      timestamp: block.header.timestamp.toString(),
      txIds: block.transactions.map((t) => toHex(txBytesOf(t).txId)),
      // The header commits to a number derived from the name (headerChainId); show the name too.
      header: { ...jsonObject(block.header), chainId: this.d.chainId, chainIdNumber: block.header.chainId.toString() },
    };
  }

  async produceBlock(): Promise<BlockView> {
    await this.d.produce();
    return (await this.block('latest')) as BlockView;
  }
}
