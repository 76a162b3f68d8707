/**
 * An in-process chain for contract authors' tests: deploy AssemblyScript (or any WES) contracts,
 * call them as any address with funds attached, advance blocks and time, and read state, events
 * and balances. Built on the engine (createEngine) and the chain state file helpers
 * (MemoryChainView, applyCall): the chain's whole state is one state-file JSON object
 * (docs/state-file.md), so `snapshot()` can be saved and fed to `wes run --state`.
 *
 * It works at the engine/draft level — a call's draft is applied the way a block applies it — so
 * it does not depend on the transaction format the node uses.
 */
import { readFileSync } from 'node:fs';
import { sha256 } from '@noble/hashes/sha2.js';
import { addressToBase58, hash160, parseAddress, toHex, utf8Encode } from '../../../pkg/encoding.js';
import { InvalidRequestError } from '../../../pkg/errors.js';
import type { ModuleSummary } from '../../../pkg/engine.js';
import type { TxOutput } from '../../../pkg/model.js';
import { MemoryChainView } from '../../../internal/core/chain/memory-chain-view.js';
import { applyCall, textOrHexField } from '../../../internal/core/chain/chain-file.js';
import { createEngine } from '../../../internal/core/engines/wasm/manager/container.js';
import type { WasmEngineManager } from '../../../internal/core/engines/wasm/manager/engine-manager.js';
import { CallOutcome, outcomeOf } from './call-outcome.js';

/** A Base58Check address string, or the 20 raw bytes. */
export type AddressLike = string | Uint8Array;

/** A contract token: the issuing contract and its class id (text). Absent = the native coin. */
export interface TokenRef {
  readonly contract: AddressLike;
  readonly classId: string;
}

export interface CallOptions {
  /** Caller address; default: the chain's `deployer` account. */
  readonly from?: AddressLike;
  /** Native coin moved from the caller to the contract in the same block, before the call. */
  readonly attach?: bigint;
  /** Gas limit; default 50,000,000. */
  readonly gas?: bigint;
}

export interface TestChainOptions {
  /** Height of the last block before the first call; default 0. */
  readonly height?: bigint;
  /** Timestamp of the next block, unix seconds; default 1,700,000,000. */
  readonly time?: bigint;
  /** Seconds between blocks; default 5. */
  readonly blockTime?: bigint;
  readonly chainId?: string;
}

/** An event a contract emitted, with where it happened. */
export interface ChainEvent {
  readonly height: bigint;
  readonly txHash: string;
  readonly method: string;
  readonly contract: string;
  readonly index: number;
  /** Event data as text (or 0x-hex when not printable). */
  readonly data: string;
}

type Obj = Record<string, unknown>;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

function toAddress(a: AddressLike): Uint8Array {
  return typeof a === 'string' ? parseAddress(a) : a;
}
const b58 = (a: AddressLike): string => addressToBase58(toAddress(a));

/** A deployed contract: its address, methods, and calls against the chain it lives on. */
export class DeployedContract {
  constructor(
    private readonly chain: TestChain,
    readonly code: Uint8Array,
    readonly summary: ModuleSummary,
  ) {}

  /** Base58Check address. */
  get address(): string {
    return addressToBase58(this.summary.contractAddress);
  }

  get methods(): readonly string[] {
    return this.summary.methods;
  }

  /** Calls a method in a new block; its effects are applied when it succeeds. */
  call(method: string, params: unknown = undefined, opts: CallOptions = {}): Promise<CallOutcome> {
    return this.chain.execute(this, method, params, opts, true);
  }

  /** Runs a method against the current state without applying anything (a simulation). */
  view(method: string, params: unknown = undefined, opts: CallOptions = {}): Promise<CallOutcome> {
    return this.chain.execute(this, method, params, opts, false);
  }

  /** The value under a state key of this contract, as text (0x-hex when not printable); undefined if unset. */
  state(key: string): string | undefined {
    return this.chain.stateOf(this.address, key);
  }

  /** Every state entry of this contract, by key. */
  stateEntries(): Record<string, string> {
    return this.chain.stateEntriesOf(this.address);
  }

  /** Events this contract emitted, oldest first. */
  events(): ChainEvent[] {
    return this.chain.events().filter((e) => e.contract === this.address);
  }
}

export class TestChain {
  private json: Obj;
  private readonly engine: WasmEngineManager;
  private nextTime: bigint;
  private readonly blockTime: bigint;
  private serial = 0;
  private readonly contracts = new Map<string, DeployedContract>();

  constructor(opts: TestChainOptions = {}) {
    this.engine = createEngine();
    this.json = { chainId: opts.chainId ?? 'wes-test', blocks: [], state: [], utxos: [], events: [] };
    const h = opts.height ?? 0n;
    if (h > 0n) this.recordBlock(h, opts.time ?? 1_700_000_000n);
    this.nextTime = opts.time ?? 1_700_000_000n;
    this.blockTime = opts.blockTime ?? 5n;
  }

  /** A deterministic address for a name: hash160("wes-test-account:" + name), Base58Check. */
  account(name: string): string {
    return addressToBase58(hash160(utf8Encode(`wes-test-account:${name}`)));
  }

  /** The default caller. */
  get deployer(): string {
    return this.account('deployer');
  }

  /** Height of the last block (0 before any). */
  get height(): bigint {
    let tip = 0n;
    for (const b of list(this.json['blocks'])) if (BigInt(String(b['height'])) > tip) tip = BigInt(String(b['height']));
    return tip;
  }

  /** Timestamp the next block will carry. */
  get time(): bigint {
    return this.nextTime;
  }

  /** Mines `n` empty blocks (time advances by the block time for each). */
  advanceBlocks(n: number | bigint): void {
    for (let i = 0n; i < BigInt(n); i++) {
      this.recordBlock(this.height + 1n, this.nextTime);
      this.nextTime += this.blockTime;
    }
  }

  /** Moves the next block's timestamp forward by `seconds` (no blocks are mined). */
  advanceTime(seconds: number | bigint): void {
    if (BigInt(seconds) < 0n) throw new InvalidRequestError('USAGE', 'advanceTime: seconds must be >= 0');
    this.nextTime += BigInt(seconds);
  }

  /** Deploys a contract from wasm bytes or a .wasm path; it is checked with the node's load rules. */
  async deploy(wasm: Uint8Array | string): Promise<DeployedContract> {
    const code = typeof wasm === 'string' ? new Uint8Array(readFileSync(wasm)) : wasm;
    const summary = await this.engine.prepare(code);
    const c = new DeployedContract(this, code, summary);
    this.contracts.set(c.address, c);
    return c;
  }

  /** Creates native coin (or a contract token) owned by `to`, out of thin air. */
  fund(to: AddressLike, amount: bigint, token?: TokenRef): void {
    if (amount <= 0n) throw new InvalidRequestError('USAGE', 'fund: amount must be > 0');
    this.addUtxo(to, amount, token, this.freshId('fund'));
  }

  /** Spendable balance of an address: native coin, or one contract token. */
  balance(of: AddressLike, token?: TokenRef): bigint {
    return this.utxosOf(b58(of), token).reduce((sum, u) => sum + BigInt(String(u['amount'])), 0n);
  }

  /** Value under a contract's state key (text, 0x-hex when not printable); undefined if unset. */
  stateOf(contract: AddressLike, key: string): string | undefined {
    const c = b58(contract);
    const e = list(this.json['state']).find((s) => s['contract'] === c && s['key'] === key);
    return e === undefined ? undefined : String(e['value']);
  }

  stateEntriesOf(contract: AddressLike): Record<string, string> {
    const c = b58(contract);
    const out: Record<string, string> = {};
    for (const s of list(this.json['state']).filter((e) => e['contract'] === c).sort((a, b) => String(a['key']).localeCompare(String(b['key'])))) out[String(s['key'])] = String(s['value']);
    return out;
  }

  /** Every event applied so far, oldest first. */
  events(): ChainEvent[] {
    return list(this.json['events']).map((e) => ({
      height: BigInt(String(e['height'])),
      txHash: String(e['txHash']),
      method: String(e['method']),
      contract: String(e['contract']),
      index: Number(e['index']),
      data: String(e['data']),
    }));
  }

  /** The whole chain as state-file JSON (docs/state-file.md): save it to use with `wes run --state`. */
  snapshot(): Obj {
    return structuredClone(this.json);
  }

  /** @internal Runs one call; applies its draft to the chain when `apply` and it succeeded. */
  async execute(contract: DeployedContract, method: string, params: unknown, opts: CallOptions, apply: boolean): Promise<CallOutcome> {
    if (!contract.methods.includes(method)) {
      throw new InvalidRequestError('USAGE', `contract ${contract.address} has no method "${method}"; methods: ${contract.methods.join(', ') || '(none)'}`);
    }
    const before = this.json;
    const callerB58 = b58(opts.from ?? this.deployer);
    const height = this.height + 1n;
    const timestamp = this.nextTime;
    const txHash = this.freshId(`call ${method}`);
    if (opts.attach !== undefined && opts.attach > 0n) this.transfer(callerB58, contract.address, opts.attach);
    const payload = params === undefined ? new Uint8Array(0) : utf8Encode(typeof params === 'string' ? params : JSON.stringify(params));
    const chain = new MemoryChainView(this.json, { self: contract.summary.contractAddress });
    const result = await this.engine.call({
      code: contract.code,
      method,
      payload,
      gasLimit: opts.gas ?? 50_000_000n,
      context: { caller: parseAddress(callerB58), blockHeight: height, blockTimestamp: timestamp, txHash, txIndex: 0, callIndex: 0, chain },
    });
    if (apply && result.ok && result.draft) {
      const applied = applyCall(this.json, result.draft, { height, timestamp, txHash, method });
      this.json = applied.json;
      this.keepOutputs(applied.skippedOutputs.map((i) => result.draft!.outputs[i]!));
      this.nextTime += this.blockTime;
    } else {
      this.json = before; // a failed call or a view leaves nothing behind, attached funds included
    }
    return outcomeOf(result, height, toHex(txHash));
  }

  private transfer(from: string, to: string, amount: bigint): void {
    const mine = list(this.json['utxos']).filter((u) => u['owner'] === from && u['token'] === undefined);
    const have = mine.reduce((s, u) => s + BigInt(String(u['amount'])), 0n);
    if (have < amount) throw new InvalidRequestError('USAGE', `attach: ${from} has ${have}, needs ${amount} (use chain.fund first)`);
    const spent = new Set(mine);
    this.json = { ...this.json, utxos: list(this.json['utxos']).filter((u) => !spent.has(u)) };
    const id = this.freshId('attach');
    this.addUtxo(to, amount, undefined, id, 0);
    if (have > amount) this.addUtxo(from, have - amount, undefined, id, 1);
  }

  /**
   * Outputs the state file cannot hold as UTXOs (e.g. a token minted to a key-locked owner): kept
   * under "otherOutputs" so balance() counts them; contracts' own UTXO queries do not see them.
   */
  private keepOutputs(outputs: readonly TxOutput[]): void {
    const kept = outputs.flatMap((o): Obj[] => {
      if (o.content.type !== 'asset') return [];
      const a = o.content.asset;
      return [{ owner: addressToBase58(o.owner), amount: a.amount.toString(), ...(a.kind === 'token' ? { token: { contract: addressToBase58(a.contract), classId: textOrHexField(a.classId) } } : {}) }];
    });
    if (kept.length > 0) this.json = { ...this.json, otherOutputs: [...list(this.json['otherOutputs']), ...kept] };
  }

  private utxosOf(owner: string, token: TokenRef | undefined): Obj[] {
    const want = token === undefined ? undefined : { contract: b58(token.contract), classId: token.classId };
    return [...list(this.json['utxos']), ...list(this.json['otherOutputs'])].filter((u) => {
      if (u['owner'] !== owner) return false;
      const t = u['token'] as Obj | undefined;
      if (want === undefined) return t === undefined;
      return t !== undefined && t['contract'] === want.contract && t['classId'] === want.classId;
    });
  }

  private addUtxo(to: AddressLike, amount: bigint, token: TokenRef | undefined, txId: Uint8Array, index = 0): void {
    const entry: Obj = { txId: toHex(txId), index, owner: b58(to), amount: amount.toString(), blockHeight: this.height.toString() };
    if (token) entry['token'] = { contract: b58(token.contract), classId: token.classId };
    this.json = { ...this.json, utxos: [...list(this.json['utxos']), entry] };
  }

  private recordBlock(height: bigint, timestamp: bigint): void {
    const blocks = list(this.json['blocks']);
    blocks.push({ height: height.toString(), hash: toHex(sha256(utf8Encode(`test block ${height}`))), timestamp: timestamp.toString() });
    this.json = { ...this.json, blocks };
  }

  /** Distinct, reproducible ids: the same test gets the same ids on every run. */
  private freshId(what: string): Uint8Array {
    return sha256(utf8Encode(`wes-test ${this.serial++} ${what}`));
  }
}
