/**
 * Host functions that append transaction outputs to the draft (ABI.md §4, "D" rows): state,
 * asset (plain, JSON-locked, protobuf-locked, batch) and resource outputs. Token ids always
 * name this contract's own class. WES return conventions: index or 0xFFFFFFFF, create_utxo_output
 * 0 or an error code, batch_create_outputs the count (all-or-nothing, 0 on any bad item).
 */
import { bytesEqual } from '../../../../pkg/encoding.js';
import type { LockingCondition, TxOutput } from '../../../../pkg/model.js';
import { HASH_LENGTH, HostErrorCode } from '../../../../pkg/types.js';
import { amountFromI64, amountFromJson, assetKeyFor, assetOutput, checkOwnerLocks, defaultLocks } from './assets.js';
import { parseJson, readAddress, readBytes, readExact, readKey, readOptional } from './guest-io.js';
import { fail, orAllOnes, orCode, orValue } from './host-result.js';
import { addressField, bytesField, field, isRecord, locksFromJson } from './json-fields.js';
import { MAX_BATCH_ITEMS, MAX_CALL_STATE_BYTES, MAX_DRAFT_OUTPUTS, MAX_JSON_BYTES, MAX_KEY_BYTES, MAX_LOCK_BYTES, MAX_TOKEN_ID_BYTES, MAX_VALUE_BYTES } from './limits.js';
import { decodeLock } from './wire-values.js';
import { refuseReservedOutput, stateOutputBytes } from '../draft/draft-builder.js';
import { resourceFromJson } from './resource-json.js';
import { type EnvFunction, type HostBinding, envFunction } from './declare.js';

/**
 * Gas rates beyond the copy, declared by the functions below (bench/calibration): state outputs
 * key the draft's state view by their id and keep their public inputs; token ids and JSON locks
 * are decoded; every batch item is parsed into an output.
 */
const STATE_OUTPUT_BYTE_GAS = 10;
const TOKEN_ID_BYTE_GAS = 10;
const LOCK_JSON_BYTE_GAS = 70;
const BATCH_ITEM_GAS = 68_000;

/** Appends outputs atomically: all fit under the per-call cap and every owner matches its locks, or none is added. */
export function appendOutputs(b: HostBinding, outputs: readonly TxOutput[]): number[] {
  const { draft, contract } = b.call();
  if (draft.outputs.length + outputs.length > MAX_DRAFT_OUTPUTS) fail(HostErrorCode.LimitExceeded, `a call may create at most ${MAX_DRAFT_OUTPUTS} outputs`);
  for (const o of outputs) {
    checkOwnerLocks(o, contract);
    refuseReservedOutput(o);
  }
  const stateBytes = outputs.reduce((n, o) => n + stateOutputBytes(o), draft.stateBytes);
  if (stateBytes > MAX_CALL_STATE_BYTES) fail(HostErrorCode.LimitExceeded, `a call may record at most ${MAX_CALL_STATE_BYTES} bytes of state`);
  return outputs.map((o) => draft.addOutput(o));
}

function asset(b: HostBinding, to: Uint8Array, amount: bigint, tokPtr: number, tokLen: number, locks: readonly LockingCondition[] | undefined): TxOutput {
  const { contract } = b.call();
  const tokenId = readOptional(b, tokPtr, tokLen, MAX_TOKEN_ID_BYTES, 'token id');
  b.gas.charge(tokenId.length * TOKEN_ID_BYTE_GAS, 'token id');
  const key = assetKeyFor(contract, tokenId);
  return assetOutput(to, key, amount, locks ?? defaultLocks(to, key, contract));
}

function recipient(b: HostBinding, ptr: number, len: number, what: string): Uint8Array {
  return readExact(b, ptr, len, 20, HostErrorCode.InvalidAddress, what);
}

function locksFrom(b: HostBinding, ptr: number, len: number, decode: (bytes: Uint8Array) => LockingCondition[], perByte = 0): LockingCondition[] | undefined {
  const bytes = readOptional(b, ptr, len, MAX_LOCK_BYTES, 'locking conditions');
  b.gas.charge(bytes.length * perByte, 'locking conditions');
  return bytes.length === 0 ? undefined : decode(bytes);
}

const jsonLocks = (bytes: Uint8Array): LockingCondition[] => locksFromJson(parseJson(bytes, 'locking conditions'));
const protoLock = (bytes: Uint8Array): LockingCondition[] => [decodeLock(bytes)];

function batchItem(b: HostBinding, v: unknown): TxOutput {
  if (!isRecord(v)) fail(HostErrorCode.InvalidParameter, 'batch item: expected an object');
  const to = addressField(field(v, 'recipient'), 'recipient');
  const key = assetKeyFor(b.call().contract, bytesField(field(v, 'token_id'), 'token_id'));
  const lockJson = field(v, 'locking_conditions');
  const locks = lockJson === undefined || lockJson === null ? defaultLocks(to, key, b.call().contract) : locksFromJson(lockJson);
  return assetOutput(to, key, amountFromJson(field(v, 'amount'), 'batch item'), locks);
}

export const TX_OUTPUT_FUNCTIONS: readonly EnvFunction[] = [
  envFunction({
    name: 'append_state_output',
    signatures: ['iiIiiii->i'],
    gas: { base: 250_000, perByte: STATE_OUTPUT_BYTE_GAS },
    limits: { stateIdBytes: MAX_KEY_BYTES, publicInputBytes: MAX_VALUE_BYTES, draftOutputs: MAX_DRAFT_OUTPUTS },
    impl: (b: HostBinding, sid: number, slen: number, version: bigint, hash: number, pub: number, plen: number, parent: number): number =>
      orAllOnes(() => {
        const stateId = readKey(b, sid, slen, MAX_KEY_BYTES, 'append_state_output state id');
        const executionResultHash = readBytes(b, hash, HASH_LENGTH, HASH_LENGTH, 'append_state_output hash');
        const publicInput = readOptional(b, pub, plen, MAX_VALUE_BYTES, 'append_state_output public inputs');
        b.gas.charge((stateId.length + publicInput.length) * STATE_OUTPUT_BYTE_GAS, 'append_state_output');
        const parentStateHash = parent >>> 0 === 0 ? undefined : readBytes(b, parent, HASH_LENGTH, HASH_LENGTH, 'append_state_output parent');
        const contract = b.call().contract;
        const output: TxOutput = {
          owner: contract,
          // State belongs to the contract's namespace: only the contract itself may move it on.
          locks: [{ kind: 'contract', contract }],
          content: {
            type: 'state',
            state: {
              stateId,
              version: BigInt.asUintN(64, version),
              executionResultHash,
              publicInputs: publicInput.length > 0 ? [publicInput] : [],
              ...(parentStateHash ? { parentStateHash } : {}),
            },
          },
        };
        return appendOutputs(b, [output])[0] as number;
      }),
  }),

  /** 4-param SDK form (to20, i64 amount, tok, tokLen) or 5-param node form (to, toLen, i64, tok, tokLen). */
  envFunction({
    name: 'create_utxo_output',
    signatures: ['iIii->i', 'iiIii->i'],
    gas: { base: 60_000, perByte: TOKEN_ID_BYTE_GAS },
    limits: { tokenIdBytes: MAX_TOKEN_ID_BYTES, draftOutputs: MAX_DRAFT_OUTPUTS },
    impl: (b: HostBinding, a0: number, a1: number | bigint, a2: number | bigint, a3: number, a4: number): number =>
      orCode(() => {
        const out =
          typeof a1 === 'bigint'
            ? asset(b, readAddress(b, a0, 'create_utxo_output recipient'), amountFromI64(a1), a2 as number, a3, undefined)
            : asset(b, recipient(b, a0, a1, 'create_utxo_output recipient'), amountFromI64(a2 as bigint), a3, a4, undefined);
        // "Unlocked by key": the recipient's key spends it, coin or token alike (what the contract keeps, it locks to itself).
        const self = b.call().contract;
        appendOutputs(b, [{ ...out, locks: bytesEqual(out.owner, self) ? [{ kind: 'contract', contract: self }] : [{ kind: 'singleKey', addressHash: out.owner }] }]);
        return 0;
      }),
  }),
  envFunction({
    name: 'create_asset_output_with_lock',
    signatures: ['iiIiiii->i'],
    gas: { base: 45_000, perByte: LOCK_JSON_BYTE_GAS },
    limits: { tokenIdBytes: MAX_TOKEN_ID_BYTES, lockBytes: MAX_LOCK_BYTES, draftOutputs: MAX_DRAFT_OUTPUTS },
    impl: (b: HostBinding, to: number, toLen: number, amount: bigint, tok: number, tokLen: number, lock: number, lockLen: number): number =>
      orAllOnes(() => {
        const owner = recipient(b, to, toLen, 'create_asset_output_with_lock recipient');
        return appendOutputs(b, [asset(b, owner, amountFromI64(amount), tok, tokLen, locksFrom(b, lock, lockLen, jsonLocks, LOCK_JSON_BYTE_GAS))])[0] as number;
      }),
  }),
  envFunction({
    name: 'append_asset_output',
    signatures: ['iiIiiii->i'],
    gas: { base: 80_000 },
    limits: { tokenIdBytes: MAX_TOKEN_ID_BYTES, lockBytes: MAX_LOCK_BYTES, draftOutputs: MAX_DRAFT_OUTPUTS },
    impl: (b: HostBinding, to: number, toLen: number, amount: bigint, tok: number, tokLen: number, lock: number, lockLen: number): number =>
      orAllOnes(() => {
        const owner = recipient(b, to, toLen, 'append_asset_output owner');
        return appendOutputs(b, [asset(b, owner, amountFromI64(amount), tok, tokLen, locksFrom(b, lock, lockLen, protoLock))])[0] as number;
      }),
  }),
  envFunction({
    name: 'batch_create_outputs',
    signatures: ['ii->i'],
    gas: { base: 120_000, perItem: BATCH_ITEM_GAS },
    limits: { jsonBytes: MAX_JSON_BYTES, items: MAX_BATCH_ITEMS, draftOutputs: MAX_DRAFT_OUTPUTS },
    impl: (b: HostBinding, ptr: number, len: number): number =>
      orValue(0, () => {
        const items = parseJson(readBytes(b, ptr, len, MAX_JSON_BYTES, 'batch_create_outputs'), 'batch_create_outputs');
        if (!Array.isArray(items) || items.length > MAX_BATCH_ITEMS) fail(HostErrorCode.InvalidParameter, `batch_create_outputs: expected an array of at most ${MAX_BATCH_ITEMS} items`);
        b.gas.charge(items.length * BATCH_ITEM_GAS, 'batch_create_outputs');
        return appendOutputs(b, items.map((i) => batchItem(b, i))).length;
      }),
  }),

  /** 6-param SDK form, or 7-param node form with an i64 creation timestamp. */
  envFunction({
    name: 'append_resource_output',
    signatures: ['iiiiii->i', 'iiiiiiI->i'],
    gas: { base: 112_000 },
    limits: { jsonBytes: MAX_JSON_BYTES, lockBytes: MAX_LOCK_BYTES, draftOutputs: MAX_DRAFT_OUTPUTS },
    impl: (b: HostBinding, res: number, resLen: number, owner: number, ownerLen: number, lock: number, lockLen: number, ts?: bigint): number =>
      orAllOnes(() => {
        const call = b.call();
        const resourceJson = parseJson(readBytes(b, res, resLen, MAX_JSON_BYTES, 'append_resource_output resource'), 'resource');
        const ownerAddr = recipient(b, owner, ownerLen, 'append_resource_output owner');
        const locks = locksFrom(b, lock, lockLen, protoLock) ?? [{ kind: 'singleKey', addressHash: ownerAddr }];
        // Without an explicit timestamp the block's fixed timestamp keeps the output deterministic.
        const creationTimestamp = typeof ts === 'bigint' ? BigInt.asUintN(64, ts) : call.context.blockTimestamp;
        const resource = { ...resourceFromJson(resourceJson), creationTimestamp };
        return appendOutputs(b, [{ owner: ownerAddr, locks, content: { type: 'resource', resource } }])[0] as number;
      }),
  }),
];
