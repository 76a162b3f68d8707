/**
 * An in-memory ChainView (pkg/ports.ts) seeded from JSON: for `wes run`, tests and tools that
 * need a chain without a node. Read-only once built; every listing is sorted, so what a contract
 * reads never depends on the order of the file.
 *
 * JSON schema (every field optional; the full description is docs/state-file.md):
 * {
 *   "chainId": "wes-dev",
 *   "blocks":    [{ "height": "99", "hash": "<hex32>", "merkleRoot": "<hex32>", "stateRoot": "<hex32>",
 *                   "timestamp": "1700000000", "miner": "<address>" }],
 *   "state":     [{ "contract": "<address>|self", "key": "<text>|0x<hex>", "value": "<text>|0x<hex>",
 *                   "version": "1" }],
 *   "utxos":     [{ "txId": "<hex32>", "index": 0, "owner": "<address>", "amount": "100",
 *                   "token": { "contract": "<address>|self", "classId": "<text>|0x<hex>" },   // absent = native coin
 *                   "blockHeight": "10" }],
 *   "resources": [{ "contentHash": "<hex32>", "encoded": "<hex>", "json": "<proto3 JSON text>" }],
 *   "externalEvidence": { "attestors": ["<hex33 compressed key>"], "acceptUnverified": false }
 * }
 * Addresses are Base58Check (version 0x1C) or 40-digit hex; "self" is the contract being run.
 * Amounts, heights, versions and timestamps are decimal strings (numbers are accepted when safe).
 * Keys, values and class ids are UTF-8 text, or hex with a 0x prefix. UTXO locks follow the chain
 * defaults: the owner's key for coins, the issuing contract for contract tokens.
 */
import { bytesEqual, compareBytes, fromHex, parseAddress, toHex, utf8Encode } from '../../../pkg/encoding.js';
import { InvalidRequestError, isWesError } from '../../../pkg/errors.js';
import type { OutPoint, Utxo } from '../../../pkg/model.js';
import { matchesAsset } from './view-keys.js';
import type { AssetKey, BlockInfo, ChainView, ExternalEvidencePolicy, ResourceRecord, StateEntry } from '../../../pkg/ports.js';

export interface MemoryChainOptions {
  /** Address that "self" stands for (the contract being run). */
  readonly self?: Uint8Array;
}

type Obj = Record<string, unknown>;

function bad(where: string, message: string): never {
  throw new InvalidRequestError('BAD_CHAIN_JSON', `chain state ${where}: ${message}`);
}

function obj(v: unknown, where: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(where, 'expected an object');
  return v as Obj;
}

function arr(v: unknown, where: string): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) bad(where, 'expected an array');
  return v;
}

function uint(v: unknown, where: string, fallback?: bigint): bigint {
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v === 'string' && /^[0-9]+$/.test(v)) return BigInt(v);
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  return bad(where, `expected a non-negative integer as a decimal string, got ${JSON.stringify(v)}`);
}

function hexN(v: unknown, n: number, where: string): Uint8Array {
  if (typeof v !== 'string') bad(where, `expected ${n}-byte hex`);
  const b = fromHexAt(v, where);
  if (b.length !== n) bad(where, `expected ${n} bytes, got ${b.length}`);
  return b;
}

function fromHexAt(v: string, where: string): Uint8Array {
  try {
    return fromHex(v);
  } catch {
    return bad(where, `not hex: ${JSON.stringify(v.slice(0, 80))}`);
  }
}

/** "0x…" = hex, anything else = UTF-8 text. */
function textOrHex(v: unknown, where: string): Uint8Array {
  if (typeof v !== 'string') bad(where, 'expected a string (UTF-8 text, or hex with a 0x prefix)');
  return v.startsWith('0x') ? fromHexAt(v, where) : utf8Encode(v);
}

function address(v: unknown, where: string, opts: MemoryChainOptions): Uint8Array {
  if (v === 'self') return opts.self ?? bad(where, '"self" needs the contract address (not known here)');
  if (typeof v !== 'string') bad(where, 'expected an address (Base58Check or 40-digit hex)');
  try {
    return parseAddress(v);
  } catch (e) {
    if (isWesError(e)) bad(where, e.message);
    throw e;
  }
}

const outKey = (o: OutPoint): string => `${toHex(o.txId)}:${o.index}`;
const stateKey = (contract: Uint8Array, key: Uint8Array): string => `${toHex(contract)}/${toHex(key)}`;

function parseUtxo(v: unknown, where: string, opts: MemoryChainOptions): Utxo {
  const u = obj(v, where);
  const owner = address(u['owner'], `${where}.owner`, opts);
  const amount = uint(u['amount'], `${where}.amount`);
  const txId = hexN(u['txId'], 32, `${where}.txId`);
  const index = Number(uint(u['index'] ?? 0, `${where}.index`));
  const blockHeight = uint(u['blockHeight'], `${where}.blockHeight`, 0n);
  if (u['token'] === undefined) {
    return { outPoint: { txId, index }, blockHeight, output: { owner, locks: [{ kind: 'singleKey', addressHash: owner }], content: { type: 'asset', asset: { kind: 'native', amount } } } };
  }
  const t = obj(u['token'], `${where}.token`);
  const contract = address(t['contract'], `${where}.token.contract`, opts);
  const classId = textOrHex(t['classId'], `${where}.token.classId`);
  return {
    outPoint: { txId, index },
    blockHeight,
    output: { owner, locks: [{ kind: 'contract', contract }], content: { type: 'asset', asset: { kind: 'token', contract, classId, amount } } },
  };
}


export class MemoryChainView implements ChainView {
  readonly chainId: string;
  readonly externalEvidence?: ExternalEvidencePolicy;
  private readonly blockMap = new Map<bigint, BlockInfo>();
  private readonly stateMap = new Map<string, StateEntry>();
  private readonly utxoMap = new Map<string, Utxo>();
  private readonly resourceMap = new Map<string, ResourceRecord>();

  constructor(json: unknown = {}, opts: MemoryChainOptions = {}) {
    const root = obj(json, 'root');
    this.chainId = typeof root['chainId'] === 'string' ? root['chainId'] : 'wes-dev';
    if (root['externalEvidence'] !== undefined) {
      const e = obj(root['externalEvidence'], 'externalEvidence');
      const accept = e['acceptUnverified'] ?? false;
      if (typeof accept !== 'boolean') bad('externalEvidence.acceptUnverified', 'expected true or false');
      this.externalEvidence = { attestors: arr(e['attestors'], 'externalEvidence.attestors').map((k, i) => hexN(k, 33, `externalEvidence.attestors[${i}]`)), acceptUnverified: accept };
    }
    arr(root['blocks'], 'blocks').forEach((v, i) => {
      const w = `blocks[${i}]`;
      const b = obj(v, w);
      const height = uint(b['height'], `${w}.height`);
      this.blockMap.set(height, {
        height,
        hash: hexN(b['hash'], 32, `${w}.hash`),
        merkleRoot: b['merkleRoot'] === undefined ? new Uint8Array(32) : hexN(b['merkleRoot'], 32, `${w}.merkleRoot`),
        stateRoot: b['stateRoot'] === undefined ? new Uint8Array(32) : hexN(b['stateRoot'], 32, `${w}.stateRoot`),
        timestamp: uint(b['timestamp'], `${w}.timestamp`, 0n),
        miner: b['miner'] === undefined ? new Uint8Array(20) : address(b['miner'], `${w}.miner`, opts),
      });
    });
    arr(root['state'], 'state').forEach((v, i) => {
      const w = `state[${i}]`;
      const s = obj(v, w);
      const contract = address(s['contract'] ?? 'self', `${w}.contract`, opts);
      const key = textOrHex(s['key'], `${w}.key`);
      this.stateMap.set(stateKey(contract, key), { value: textOrHex(s['value'], `${w}.value`), version: uint(s['version'], `${w}.version`, 1n) });
    });
    arr(root['utxos'], 'utxos').forEach((v, i) => {
      const u = parseUtxo(v, `utxos[${i}]`, opts);
      if (this.utxoMap.has(outKey(u.outPoint))) bad(`utxos[${i}]`, `duplicate outpoint ${outKey(u.outPoint)}`);
      this.utxoMap.set(outKey(u.outPoint), u);
    });
    arr(root['resources'], 'resources').forEach((v, i) => {
      const w = `resources[${i}]`;
      const r = obj(v, w);
      const contentHash = hexN(r['contentHash'], 32, `${w}.contentHash`);
      const encoded = typeof r['encoded'] === 'string' ? fromHexAt(r['encoded'], `${w}.encoded`) : new Uint8Array(0);
      this.resourceMap.set(toHex(contentHash), { contentHash, encoded, json: typeof r['json'] === 'string' ? r['json'] : '{}' });
    });
  }

  /** Highest block height in the seed, if any (the CLI builds on top of it). */
  get tipHeight(): bigint | undefined {
    let tip: bigint | undefined;
    for (const h of this.blockMap.keys()) if (tip === undefined || h > tip) tip = h;
    return tip;
  }

  readonly blocks = { blockAt: (height: bigint): BlockInfo | undefined => this.blockMap.get(height) };

  readonly state = { get: (contract: Uint8Array, key: Uint8Array): StateEntry | undefined => this.stateMap.get(stateKey(contract, key)) };

  readonly utxos = {
    get: (o: OutPoint): Utxo | undefined => this.utxoMap.get(outKey(o)),
    listByOwner: (owner: Uint8Array, asset: AssetKey): readonly Utxo[] =>
      [...this.utxoMap.values()]
        .filter((u) => bytesEqual(u.output.owner, owner) && matchesAsset(u, asset))
        .sort((a, b) => compareBytes(a.outPoint.txId, b.outPoint.txId) || a.outPoint.index - b.outPoint.index),
  };

  readonly resources = { get: (h: Uint8Array): ResourceRecord | undefined => this.resourceMap.get(toHex(h)) };
}

/** Parses chain JSON text (a file's contents); bad JSON is an input error naming the source. */
export function memoryChainFromText(text: string, source: string, opts: MemoryChainOptions = {}): MemoryChainView {
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (e) {
    throw new InvalidRequestError('BAD_CHAIN_JSON', `${source}: not valid JSON (${(e as Error).message})`);
  }
  return new MemoryChainView(json, opts);
}
