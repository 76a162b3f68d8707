/**
 * host_build_transaction (ABI.md §5): turns draft JSON into inputs and outputs, resolves transfer
 * intents by coin selection with change, and APPENDS the result to this call's draft (WES
 * replaced the draft, losing earlier outputs). All-or-nothing: on any error nothing is appended.
 *
 * The receipt's serialized_tx is the unsigned protobuf Transaction of what this call built
 * (inputs and outputs, version 1, the block's timestamp and chain id; no proofs, no fee yet) and
 * unsigned_tx_hash its id, SHA-256 of that encoding (ABI.md §10). The tx layer later adds the
 * payer's inputs, the state outputs and the fee, so the final transaction has another id.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesEqual, outPointKey, toBase64, toHex } from '../../../../pkg/encoding.js';
import type { DraftInput } from '../../../../pkg/draft.js';
import type { TxOutput, Utxo } from '../../../../pkg/model.js';
import { HASH_LENGTH, HostErrorCode } from '../../../../pkg/types.js';
import type { CallState, HostBinding } from '../../engines/wasm/abi/host-binding.js';
import type { HostFn } from '../../engines/wasm/abi/registry.js';
import { encodeTransaction } from '../../wire/codec.js';
import { utf8Encode } from '../../../../pkg/encoding.js';
import { assetOf, assetOutput, checkOwnerLocks, defaultLocks, sameAsset } from './assets.js';
import { parseDraftRequest, type TransferIntent } from './draft-json.js';
import { parseJson, readBytes, writeBytes } from './guest-io.js';
import { fail, orCode } from './host-result.js';
import { GAS_PER_UTXO_SCANNED, MAX_CALL_STATE_BYTES, MAX_DRAFT_INPUTS, MAX_DRAFT_OUTPUTS, MAX_JSON_BYTES, MAX_SELECTED_UTXOS } from './limits.js';
import { selectUtxos } from './utxo-selection.js';
import { stateOutputBytes } from '../draft/draft-builder.js';


interface Built {
  readonly inputs: DraftInput[];
  readonly outputs: TxOutput[];
}

function authorizeFrom(call: CallState, from: Uint8Array): void {
  // A contract may move its own holdings, or the caller's (the caller signs the transaction).
  if (!bytesEqual(from, call.context.caller) && !bytesEqual(from, call.contract)) {
    fail(HostErrorCode.PermissionDenied, 'transfer intent: "from" must be the caller or the contract itself');
  }
}

function resolveTransfer(b: HostBinding, t: TransferIntent, taken: Set<string>, built: Built): void {
  const call = b.call();
  authorizeFrom(call, t.from);
  const listed = call.context.chain.utxos.listByOwner(t.from, t.asset);
  b.gas.charge(listed.length * GAS_PER_UTXO_SCANNED, 'host_build_transaction selection');
  const candidates = listed.filter((u: Utxo) => {
    const held = assetOf(u.output);
    return held !== undefined && sameAsset(held.asset, t.asset) && !call.draft.spends(u.outPoint) && !taken.has(outPointKey(u.outPoint));
  });
  const sel = selectUtxos(candidates, t.amount, MAX_SELECTED_UTXOS);
  if (sel === undefined) fail(HostErrorCode.InsufficientBalance, 'transfer intent: insufficient balance');
  for (const u of sel.chosen) {
    taken.add(outPointKey(u.outPoint));
    built.inputs.push({ outPoint: u.outPoint, referenceOnly: false });
  }
  built.outputs.push(assetOutput(t.to, t.asset, t.amount, defaultLocks(t.to, t.asset, call.contract)));
  const change = sel.total - t.amount;
  if (change > 0n) built.outputs.push(assetOutput(t.from, t.asset, change, defaultLocks(t.from, t.asset, call.contract)));
}

function build(b: HostBinding, jsonPtr: number, jsonLen: number): Built {
  const call = b.call();
  const json = parseJson(readBytes(b, jsonPtr, jsonLen, MAX_JSON_BYTES, 'host_build_transaction draft'), 'draft');
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
  for (const t of req.transfers) resolveTransfer(b, t, taken, built);
  if (call.draft.inputs.length + built.inputs.length > MAX_DRAFT_INPUTS || call.draft.outputs.length + built.outputs.length > MAX_DRAFT_OUTPUTS) {
    fail(HostErrorCode.LimitExceeded, 'host_build_transaction: the draft would exceed its input/output limits');
  }
  for (const o of built.outputs) checkOwnerLocks(o, call.contract);
  if (built.outputs.reduce((n, o) => n + stateOutputBytes(o), call.draft.stateBytes) > MAX_CALL_STATE_BYTES) {
    fail(HostErrorCode.LimitExceeded, `host_build_transaction: a call may record at most ${MAX_CALL_STATE_BYTES} bytes of state`);
  }
  return built;
}

function commit(call: CallState, built: Built): void {
  for (const i of built.inputs) call.draft.addInput(i);
  for (const o of built.outputs) call.draft.addOutput(o);
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
    b.gas.chargeBytes(serialized.length, 'host_build_transaction encoding');
    const hash = sha256(serialized);
    if (cap === undefined) {
      b.memory.check(out, HASH_LENGTH, 'host_build_transaction hash');
      commit(call, built);
      writeBytes(b, out, hash, 'host_build_transaction hash');
      return 0;
    }
    const receipt = new TextEncoder().encode(JSON.stringify({ mode: 'unsigned', unsigned_tx_hash: toHex(hash), serialized_tx: toBase64(serialized), error: '' }));
    if (receipt.length > cap >>> 0) fail(HostErrorCode.BufferTooSmall, `receipt needs ${receipt.length} bytes`);
    b.memory.check(out, receipt.length, 'host_build_transaction receipt');
    commit(call, built);
    writeBytes(b, out, receipt, 'host_build_transaction receipt');
    return 0;
  });
}

export const BUILD_TRANSACTION_FUNCTIONS: Readonly<Record<string, HostFn>> = {
  host_build_transaction: hostBuildTransaction,
};
