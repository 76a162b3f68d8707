/**
 * The chain state file of `wes run --state/--state-out` (format: docs/state-file.md, parsed by
 * memory-chain-view.ts): applying one successful call to it gives the file the next call reads,
 * so a sequence of calls can be scripted with state carried between them. Fields this module
 * does not touch are kept as they were.
 */
import { sha256 } from '../../../pkg/hashes.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { addressToBase58, toHex, tryUtf8, utf8Encode } from '../../../pkg/encoding.js';
import type { TransactionDraft } from '../../../pkg/draft.js';
import type { TxOutput } from '../../../pkg/model.js';
import type { Hash } from '../../../pkg/types.js';

type Obj = Record<string, unknown>;

/** UTF-8 text where that reads back the same (printable, no 0x prefix), else 0x-hex. */
export function textOrHexField(b: Uint8Array): string {
  const t = tryUtf8(b);
  // eslint-disable-next-line no-control-regex
  if (t !== undefined && !t.startsWith('0x') && !/[\u0000-\u001f\u007f]/.test(t)) return t;
  return `0x${toHex(b)}`;
}

const hex = (b: Uint8Array): string => toHex(b);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

/** The id a run's call gets: distinct for distinct calls on distinct states, the same on a re-run. */
export function runTxHash(stateText: string, method: string, payload: Uint8Array, caller: Uint8Array, height: bigint): Hash {
  return sha256(concatBytes(utf8Encode(`wes-run\n${height}\n${method}\n`), caller, sha256(utf8Encode(stateText)), payload));
}

/** A draft output as a state-file UTXO, or undefined where the file format has no place for it. */
function utxoEntry(o: TxOutput, txId: Hash, index: number, height: bigint): Obj | undefined {
  if (o.content.type !== 'asset') return undefined;
  const a = o.content.asset;
  const l = o.locks;
  if (a.kind === 'native') {
    if (l.length !== 1 || l[0]!.kind !== 'singleKey' || hex(l[0]!.addressHash) !== hex(o.owner)) return undefined;
    return { txId: hex(txId), index, owner: addressToBase58(o.owner), amount: a.amount.toString(), blockHeight: height.toString() };
  }
  if (l.length !== 1 || l[0]!.kind !== 'contract' || hex(l[0]!.contract) !== hex(a.contract) || l[0]!.method !== undefined) return undefined;
  return {
    txId: hex(txId),
    index,
    owner: addressToBase58(o.owner),
    amount: a.amount.toString(),
    token: { contract: addressToBase58(a.contract), classId: textOrHexField(a.classId) },
    blockHeight: height.toString(),
  };
}

export interface AppliedCall {
  readonly json: Obj;
  /** Draft outputs the file format cannot hold (resources, state outputs, unusual locks), by index. */
  readonly skippedOutputs: readonly number[];
}

export interface CallPosition {
  readonly height: bigint;
  readonly timestamp: bigint;
  readonly txHash: Hash;
  readonly method: string;
}

/**
 * `json` after a successful call: state writes applied (deletes remove the key), spent inputs
 * removed, asset outputs added as UTXOs of this call's id, its events appended, and a block at
 * the call's height recorded so the next run defaults to the height after it.
 */
export function applyCall(json: Obj, draft: TransactionDraft, at: CallPosition): AppliedCall {
  const contract = addressToBase58(draft.contract);
  const stateKeyOf = (e: Obj): string => `${String(e['contract'] ?? 'self')}\u0000${String(e['key'])}`;
  const state: Obj[] = list(json['state']).map((e) => ({ ...e, contract: e['contract'] === 'self' || e['contract'] === undefined ? contract : e['contract'] }));
  for (const w of draft.stateWrites) {
    const key = textOrHexField(w.key);
    const i = state.findIndex((e) => stateKeyOf(e) === `${contract}\u0000${key}`);
    if (i >= 0) state.splice(i, 1);
    if (w.value !== undefined) state.push({ contract, key, value: textOrHexField(w.value), version: w.version.toString() });
  }
  const spent = new Set(draft.inputs.filter((i) => !i.referenceOnly).map((i) => `${hex(i.outPoint.txId)}:${i.outPoint.index}`));
  const utxos = list(json['utxos']).filter((u) => !spent.has(`${String(u['txId'])}:${Number(u['index'] ?? 0)}`));
  const skippedOutputs: number[] = [];
  draft.outputs.forEach((o, index) => {
    const entry = utxoEntry(o, at.txHash, index, at.height);
    if (entry) utxos.push(entry);
    else skippedOutputs.push(index);
  });
  const events = [
    ...list(json['events']),
    ...draft.events.map((e) => ({ height: at.height.toString(), txHash: hex(at.txHash), method: at.method, contract: addressToBase58(e.contract), index: e.index, data: textOrHexField(e.data) })),
  ];
  const blocks = list(json['blocks']).filter((b) => String(b['height']) !== at.height.toString());
  blocks.push({ height: at.height.toString(), hash: hex(sha256(concatBytes(utf8Encode(`block ${at.height}`), at.txHash))), timestamp: at.timestamp.toString() });
  return { json: { ...json, blocks, state, utxos, events }, skippedOutputs };
}
