/**
 * Fuzz targets for every decoder that reads bytes from outside (submitted transactions, locks
 * and proofs from contracts, stored records), with the oracle: each input either decodes or
 * fails with a typed WesError, and whatever decodes can be written back — canonically, and
 * inside a block (the chain-halting case of issue 11).
 */
import {
  decodeBlock, decodeBlockHeader, decodeLockingCondition, decodeReceipt, decodeResource, decodeTransaction, decodeTxOutput,
  decodeUnlockingProof, decodedUnsignedBytes, encodeBlock, encodeBlockBySchema, encodeBlockHeader, encodeLockingCondition, encodeReceipt, encodeResource, encodeTransaction,
  encodeTxOutput, encodeUnlockingProof, protoJson,
} from '../../internal/core/wire/codec.js';
import { bytesEqual } from '../../pkg/encoding.js';
import { unsignedBytes } from '../../internal/core/tx/hashing.js';
import { isWesError } from '../../pkg/errors.js';
import type { Block, LockingCondition, Transaction, TxOutput, UnlockingProof } from '../../pkg/model.js';
import { ascii, fill, kitchenSinkTx, nativeOutput, simpleTx } from '../core/tx/fixtures.js';
import { applyMutation, encodeLeb, type Mutation } from './wasm-mutations.js';
import { submitTransaction } from './submit-path.js';
import { Prng } from './prng.js';

export type DecoderVerdict =
  | { readonly outcome: 'decoded' }
  | { readonly outcome: 'rejected'; readonly code: string }
  | { readonly outcome: 'violation'; readonly violation: string; readonly detail: string };

const HEADER = { chainId: 1n, version: 1n, previousHash: fill(32, 1), timestamp: 1n, height: 1n, merkleRoot: fill(32, 2), nonce: new Uint8Array(0), difficulty: 0n };
const blockOf = (transactions: Transaction[]): Block => ({ header: HEADER, transactions });
const txWithOutput = (output: TxOutput): Transaction => ({ ...simpleTx, outputs: [output] });

/** Every decoded value must still encode where it will be stored: in a block. */
function inBlock(tx: Transaction): void {
  decodeBlock(encodeBlock(blockOf([tx])));
}

interface Target {
  /** Valid encodings to mutate. */
  readonly seeds: () => Uint8Array[];
  /** The decoder (or decode-and-admit path) under test: may throw or reject only with typed errors. */
  readonly decode: (bytes: Uint8Array) => unknown;
  /** What must hold of a decoded value: any throw here is a violation (typed or not). */
  readonly check: (value: never, bytes: Uint8Array) => void;
  /** For recursive messages: the input nested `levels` more times along the schema. */
  readonly deepen?: (bytes: Uint8Array, levels: number) => Uint8Array;
}

function target<T>(
  seeds: () => Uint8Array[],
  decode: (bytes: Uint8Array) => T,
  check: (value: T, bytes: Uint8Array) => void,
  deepen?: Target['deepen'],
): Target {
  return { seeds, decode, check: check as (value: never, bytes: Uint8Array) => void, ...(deepen && { deepen }) };
}

/** LockingCondition.time_lock (6) / height_lock (7) { base_lock (2): lock }, `levels` times. */
function deepenLock(bytes: Uint8Array, levels: number): Uint8Array {
  let out = bytes;
  for (let i = 0; i < levels; i++) out = field(6 + (i % 2), field(2, out));
  return out;
}

function canonical(bytes: Uint8Array, again: Uint8Array, what: string): void {
  if (!bytesEqual(bytes, again)) throw new Error(`${what} decoded but re-encodes differently (not canonical)`);
}

function nestedLock(n: number): LockingCondition {
  let lock: LockingCondition = { kind: 'singleKey', addressHash: fill(20, 0x22) };
  for (let i = 0; i < n; i++) lock = { kind: 'timeLock', unlockTimestamp: BigInt(i + 1), base: lock };
  return lock;
}

const sink = kitchenSinkTx();
const proofs = sink.inputs.flatMap((i) => (i.proof && i.proof.kind !== 'time' && i.proof.kind !== 'height' ? [i.proof] : []));
const locks = [...sink.outputs.flatMap((o) => o.locks), nestedLock(14)];
const outputs = (): Uint8Array[] => sink.outputs.map(encodeTxOutput);

export const DECODER_TARGETS: Readonly<Record<string, Target>> = {
  transaction: target(
    () => [encodeTransaction(simpleTx), encodeTransaction(sink), encodeTransaction(txWithOutput({ ...nativeOutput, locks: [nestedLock(14)] }))],
    decodeTransaction,
    (tx, bytes) => {
      // A copy: the decoded object itself encodes as its kept bytes, which would prove nothing.
      const fresh = { ...tx };
      canonical(bytes, encodeTransaction(fresh), 'transaction');
      inBlock(fresh);
      inBlock(tx);
      // The unsigned encoding cut from the bytes (canonical-splice.ts) is the schema's.
      if (!bytesEqual(decodedUnsignedBytes(tx)!, unsignedBytes(fresh))) throw new Error('the unsigned encoding cut from the canonical bytes differs from encoding without proofs');
    },
  ),
  output: target(outputs, decodeTxOutput, (output: TxOutput, bytes) => {
    canonical(bytes, encodeTxOutput(output), 'output');
    inBlock(txWithOutput(output));
  }),
  lock: target(
    () => locks.map(encodeLockingCondition),
    decodeLockingCondition,
    (lock) => inBlock(txWithOutput({ ...nativeOutput, locks: [lock] })),
    deepenLock,
  ),
  proof: target(
    () => proofs.map((p) => encodeUnlockingProof(p)),
    decodeUnlockingProof,
    (proof: UnlockingProof) => inBlock({ ...simpleTx, inputs: [{ ...simpleTx.inputs[0]!, proof }] }),
  ),
  block: target(() => [encodeBlock(blockOf([simpleTx, sink]))], decodeBlock, (block, bytes) => {
    canonical(bytes, encodeBlock(block), 'block');
    canonical(bytes, encodeBlockBySchema(block), 'block (schema encoder)');
  }),
  receipt: target(
    () => [
      encodeReceipt({ txId: fill(32, 3), status: 2, gasUsed: 77n, returnData: ascii('ok'), events: [{ contract: fill(20, 4), data: ascii('{}'), index: 0 }], errorCode: 'EXEC_OUT_OF_GAS' }),
    ],
    decodeReceipt,
    (receipt, bytes) => canonical(bytes, encodeReceipt(receipt), 'receipt'),
  ),
  header: target(() => [encodeBlockHeader({ ...HEADER, stateRoot: fill(32, 9) })], decodeBlockHeader, (h, bytes) => canonical(bytes, encodeBlockHeader(h), 'block header')),
  resource: target(
    () => [encodeResource({ contentHash: fill(32, 5), category: 'executable', executableType: 'contract', mimeType: 'application/wasm', size: 9n })],
    decodeResource,
    (r, bytes) => canonical(bytes, encodeResource(r), 'resource'),
  ),
  resourceJson: target(
    () => [encodeResource({ contentHash: fill(32, 5), category: 'static', mimeType: 'text/plain', size: 9n })],
    (bytes) => protoJson('Resource', bytes),
    (json) => void JSON.parse(json),
  ),
  outputJson: target(outputs, (bytes) => protoJson('TxOutput', bytes), (json) => void JSON.parse(json)),
  /** POST /v1/transactions: decode, then the verifier's admission checks (sighashes, signatures, locks). */
  submit: target(() => [encodeTransaction(sink), encodeTransaction({ ...simpleTx, chainId: sink.chainId })], submitTransaction, () => undefined),
};

export const DECODER_TARGET_NAMES = Object.keys(DECODER_TARGETS).sort();

/** `body` as length-delimited field `id`. */
function field(id: number, body: Uint8Array): Uint8Array {
  const head = [(id << 3) | 2, ...encodeLeb(body.length)];
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

/** Wraps the whole input as field `id` of itself (a type confusion, or nesting for a recursive field). */
function wrap(bytes: Uint8Array, id: number, times: number): Uint8Array {
  let out = bytes;
  for (let i = 0; i < times; i++) out = field(id, out);
  return out;
}

/**
 * A protobuf mutant of `seed`: byte edits, varint rewrites, chunk copies, wrapping, and — for
 * recursive messages — nesting along the schema up to well past the depth budget.
 */
export function mutateMessage(base: Uint8Array, seed: number, deepen?: Target['deepen']): Uint8Array {
  const rng = new Prng(seed);
  let bytes = base;
  const count = rng.chance(0.6) ? 1 : rng.between(2, 4);
  for (let k = 0; k < count; k++) {
    const n = bytes.length;
    const at = rng.below(Math.max(1, n));
    let m: Mutation | undefined;
    switch (rng.below(7)) {
      case 0:
        m = { op: 'flip', at, bit: rng.below(8) };
        break;
      case 1:
        m = { op: 'insert', at, byte: rng.chance(0.5) ? rng.below(256) : rng.pick([0x08, 0x0a, 0x12, 0x1a, 0x32, 0x3a, 0x80, 0xff]) };
        break;
      case 2:
        m = { op: 'delete', at, count: rng.between(1, 4) };
        break;
      case 3:
        m = { op: 'leb', at, value: rng.pick([0, 1, 2, 0x7f, 0x80, 0x3fff, 0xffff_ffff, rng.below(1 << 20)]) };
        break;
      case 4:
        m = { op: 'truncate', length: rng.below(n + 1) };
        break;
      case 5: {
        const from = rng.below(Math.max(1, n));
        const chunk = bytes.slice(from, from + rng.between(1, 64));
        const out = new Uint8Array(n + chunk.length);
        out.set(bytes.subarray(0, at));
        out.set(chunk, at);
        out.set(bytes.subarray(at), at + chunk.length);
        bytes = out;
        continue;
      }
      default:
        bytes =
          deepen !== undefined && rng.chance(0.7)
            ? deepen(bytes, rng.between(1, 60))
            : wrap(bytes, rng.between(1, 8), rng.chance(0.5) ? 1 : rng.between(2, 120));
        continue;
    }
    bytes = applyMutation(bytes, m);
  }
  return bytes;
}

const describe = (e: unknown): string => (e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)).slice(0, 300);

export async function judgeDecoder(name: string, bytes: Uint8Array): Promise<DecoderVerdict> {
  const t = DECODER_TARGETS[name];
  if (t === undefined) throw new Error(`unknown decoder target ${name}`);
  let value: unknown;
  try {
    value = await t.decode(bytes);
  } catch (e) {
    if (isWesError(e)) return { outcome: 'rejected', code: e.code };
    return { outcome: 'violation', violation: 'untyped-exception', detail: describe(e) };
  }
  try {
    t.check(value as never, bytes);
    return { outcome: 'decoded' };
  } catch (e) {
    const detail = describe(e);
    return { outcome: 'violation', violation: /max depth/.test(detail) ? 'decoded-but-not-encodable-in-block' : 'decoded-but-not-re-encodable', detail };
  }
}
