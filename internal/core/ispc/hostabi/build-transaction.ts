/**
 * host_build_transaction (ABI.md §5, docs/draft-json.md): turns draft JSON into inputs and
 * outputs, resolves transfer and stake intents (docs/staking.md) by coin selection with change,
 * and APPENDS the result to this call's draft (WES replaced the draft, losing earlier outputs). All-or-nothing: on any error nothing is appended.
 *
 * The receipt's serialized_tx is the unsigned protobuf Transaction of what this call built
 * (inputs and outputs, version 1, the block's timestamp and chain id; no proofs, no fee yet) and
 * unsigned_tx_hash its id, SHA-256 of that encoding (ABI.md §10). The tx layer later adds the
 * payer's inputs, the state outputs and the fee, so the final transaction has another id.
 */
import { sha256 } from '../../../../pkg/hashes.js';
import { bytesEqual, outPointKey, toBase64, toHex } from '../../../../pkg/encoding.js';
import type { DraftInput } from '../../../../pkg/draft.js';
import type { TxOutput, Utxo } from '../../../../pkg/model.js';
import { HASH_LENGTH, HostErrorCode } from '../../../../pkg/types.js';
import { encodeTransaction } from '../../wire/codec.js';
import { utf8Encode } from '../../../../pkg/encoding.js';
import { assetOf, assetOutput, checkOwnerLocks, defaultLocks, sameAsset } from './assets.js';
import { parseDraftRequest, type Intent } from './draft-json.js';
import type { AssetKey } from '../../../../pkg/ports.js';
import { stakeLocks } from '../../../../pkg/staking.js';
import { parseJson, readBytes, writeBytes } from './guest-io.js';
import { fail, orCode } from './host-result.js';
import { MAX_CALL_STATE_BYTES, MAX_DRAFT_INPUTS, MAX_DRAFT_OUTPUTS, MAX_JSON_BYTES, MAX_SELECTED_UTXOS } from './limits.js';
import { selectUtxos } from './utxo-selection.js';
import { refuseReservedOutput, stateOutputBytes } from '../draft/draft-builder.js';
import { type CallState, type EnvFunction, type HostBinding, envFunction } from './declare.js';


interface Built {
  readonly inputs: DraftInput[];
  readonly outputs: TxOutput[];
}

const NATIVE: AssetKey = { kind: 'native' };

function authorizeFrom(call: CallState, from: Uint8Array, what: string): void {
  // A contract may move its own holdings, or the caller's (the caller signs the transaction).
  if (!bytesEqual(from, call.context.caller) && !bytesEqual(from, call.contract)) {
    fail(HostErrorCode.PermissionDenied, `${what}: the coins must be the caller's or the contract's own`);
  }
}

/** Selects `from`'s UTXOs of `asset` covering `amount` and adds them as inputs; returns the change (the caller adds the outputs). */
function spendFrom(b: HostBinding, from: Uint8Array, asset: AssetKey, amount: bigint, what: string, taken: Set<string>, built: Built): bigint {
  const call = b.call();
  authorizeFrom(call, from, what);
  const listed = call.context.chain.utxos.listByOwner(from, asset);
  // Per UTXO listed, before filtering and sorting them (selection sorts: n log n, priced per item).
  b.gas.chargeWork(HOST_BUILD_TRANSACTION.gas, listed.length, 0, 'host_build_transaction selection');
  const candidates = listed.filter((u: Utxo) => {
    const held = assetOf(u.output);
    return held !== undefined && sameAsset(held.asset, asset) && !call.draft.spends(u.outPoint) && !(taken.size !== 0 && taken.has(outPointKey(u.outPoint)));
  });
  const sel = selectUtxos(candidates, amount, MAX_SELECTED_UTXOS);
  if (sel === undefined) fail(HostErrorCode.InsufficientBalance, `${what}: insufficient balance`);
  for (const u of sel.chosen) {
    taken.add(outPointKey(u.outPoint));
    built.inputs.push({ outPoint: u.outPoint, referenceOnly: false });
  }
  return sel.total - amount;
}

function resolveIntent(b: HostBinding, t: Intent, taken: Set<string>, built: Built): void {
  const contract = b.call().contract;
  if (t.kind === 'stake') {
    // A stake is withdrawn with the staker's key; a contract has none (its outputs carry ContractLocks only).
    if (bytesEqual(t.staker, contract)) fail(HostErrorCode.NotImplemented, 'stake intent: a contract cannot stake its own coins (a stake is spent by the staker\'s key)');
    const change = spendFrom(b, t.staker, NATIVE, t.amount, 'stake intent', taken, built);
    built.outputs.push(assetOutput(t.staker, NATIVE, t.amount, stakeLocks(t.staker, t.validator)));
    if (change > 0n) built.outputs.push(assetOutput(t.staker, NATIVE, change, defaultLocks(t.staker, NATIVE, contract)));
    return;
  }
  const change = spendFrom(b, t.from, t.asset, t.amount, 'transfer intent', taken, built);
  built.outputs.push(assetOutput(t.to, t.asset, t.amount, defaultLocks(t.to, t.asset, contract)));
  if (change > 0n) built.outputs.push(assetOutput(t.from, t.asset, change, defaultLocks(t.from, t.asset, contract)));
}

function build(b: HostBinding, jsonPtr: number, jsonLen: number): Built {
  const call = b.call();
  const bytes = readBytes(b, jsonPtr, jsonLen, MAX_JSON_BYTES, 'host_build_transaction draft');
  b.gas.chargeWork(HOST_BUILD_TRANSACTION.gas, 0, bytes.length, 'host_build_transaction draft');
  const json = parseJson(bytes, 'draft');
  const req = parseDraftRequest(json, { contract: call.contract, blockTimestamp: call.context.blockTimestamp });
  const built: Built = { inputs: [], outputs: [...req.outputs] };
  const taken = new Set<string>();
  for (const i of req.inputs) {
    const utxo = call.context.chain.utxos.get(i.outPoint);
    if (utxo === undefined) fail(HostErrorCode.NotFound, `input ${outPointKey(i.outPoint)}: no such UTXO`);
    if (!i.referenceOnly) {
      const k = outPointKey(i.outPoint);
      if (call.draft.spends(i.outPoint) || taken.has(k)) fail(HostErrorCode.InvalidParameter, `input ${k} is already spent`);
      taken.add(k);
    }
    built.inputs.push({ outPoint: utxo.outPoint, referenceOnly: i.referenceOnly });
  }
  for (const t of req.intents) resolveIntent(b, t, taken, built);
  if (call.draft.inputs.length + built.inputs.length > MAX_DRAFT_INPUTS || call.draft.outputs.length + built.outputs.length > MAX_DRAFT_OUTPUTS) {
    fail(HostErrorCode.LimitExceeded, 'host_build_transaction: the draft would exceed its input/output limits');
  }
  for (const o of built.outputs) {
    checkOwnerLocks(o, call.contract);
    refuseReservedOutput(o);
  }
  if (built.outputs.reduce((n, o) => n + stateOutputBytes(o), call.draft.stateBytes) > MAX_CALL_STATE_BYTES) {
    fail(HostErrorCode.LimitExceeded, `host_build_transaction: a call may record at most ${MAX_CALL_STATE_BYTES} bytes of state`);
  }
  return built;
}

function commit(call: CallState, built: Built): void {
  for (const i of built.inputs) call.draft.addInput(i);
  for (const o of built.outputs) call.draft.addOutput(o);
}

/**
 * The receipt JSON: full (with the base64 serialized transaction) when it fits `cap`, else the
 * compact one the SDKs parse (they read only unsigned_tx_hash and error; the Go SDK always passes
 * 4 KiB, which a 49-recipient airdrop's full receipt exceeds). BufferTooSmall only when even the
 * compact receipt does not fit.
 */
export function receiptFor(hash: Uint8Array, serialized: Uint8Array, cap: number): Uint8Array {
  const full = utf8Encode(JSON.stringify({ mode: 'unsigned', unsigned_tx_hash: toHex(hash), serialized_tx: toBase64(serialized), error: '' }));
  if (full.length <= cap) return full;
  const compact = utf8Encode(JSON.stringify({ mode: 'unsigned', unsigned_tx_hash: toHex(hash), error: '' }));
  if (compact.length > cap) fail(HostErrorCode.BufferTooSmall, `receipt needs ${compact.length} bytes (compact) or ${full.length} (full)`);
  return compact;
}

/** (json, len, receipt, cap) -> 0 | code, or the old (json, len, outHash32) -> 0 | code. */
function hostBuildTransaction(b: HostBinding, jsonPtr: number, jsonLen: number, out: number, cap?: number): number {
  return orCode(() => {
    const call = b.call();
    const built = build(b, jsonPtr, jsonLen);
    const serialized = encodeTransaction({
      version: 1,
      inputs: built.inputs.map((i) => ({ outPoint: i.outPoint, referenceOnly: i.referenceOnly })),
      outputs: built.outputs,
      nonce: 0n,
      creationTimestamp: call.context.blockTimestamp,
      chainId: utf8Encode(call.context.chain.chainId),
    });
    b.gas.chargeWork(HOST_BUILD_TRANSACTION.gas, 0, serialized.length, 'host_build_transaction encoding');
    const hash = sha256(serialized);
    if (cap === undefined) {
      b.memory.check(out, HASH_LENGTH, 'host_build_transaction hash');
      commit(call, built);
      writeBytes(b, out, hash, 'host_build_transaction hash');
      return 0;
    }
    const receipt = receiptFor(hash, serialized, cap >>> 0);
    b.memory.check(out, receipt.length, 'host_build_transaction receipt');
    commit(call, built);
    writeBytes(b, out, receipt, 'host_build_transaction receipt');
    return 0;
  });
}

/** perItem: per UTXO a transfer intent lists; perByte: per byte of draft JSON parsed and of transaction encoded. */
const HOST_BUILD_TRANSACTION: EnvFunction = envFunction({
  name: 'host_build_transaction',
  signatures: ['iiii->i', 'iii->i'],
  gas: { base: 1_300_000, perItem: 25_000, perByte: 16 },
  limits: { jsonBytes: MAX_JSON_BYTES, selectedUtxos: MAX_SELECTED_UTXOS, draftInputs: MAX_DRAFT_INPUTS, draftOutputs: MAX_DRAFT_OUTPUTS },
  impl: hostBuildTransaction,
});

export const BUILD_TRANSACTION_FUNCTIONS: readonly EnvFunction[] = [HOST_BUILD_TRANSACTION];
