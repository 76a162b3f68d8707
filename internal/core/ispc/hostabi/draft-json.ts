/**
 * host_build_transaction's draft JSON (ABI.md §5) turned into inputs, outputs and transfer
 * intents. Accepts the WES node layout (hex bytes, state/resource fields under `metadata`) and the
 * SDK layout (state_id / state_version / execution_result_hash / resource at the top, base64).
 */
import { fromBase64 } from '../../../../pkg/encoding.js';
import type { OutPoint, TxOutput } from '../../../../pkg/model.js';
import type { AssetKey } from '../../../../pkg/ports.js';
import { HostErrorCode } from '../../../../pkg/types.js';
import { amountFromJson, assetKeyFor, assetOutput, defaultLocks } from './assets.js';
import { fail } from './host-result.js';
import { parseJson } from './guest-io.js';
import { addressField, bytesField, field, isRecord } from './json-fields.js';
import { MAX_BATCH_ITEMS, MAX_LOCK_BYTES } from './limits.js';
import { decodeLock } from './wire-values.js';
import { resourceFromJson } from './resource-json.js';

export interface InputRequest {
  readonly outPoint: OutPoint;
  readonly referenceOnly: boolean;
}

export interface TransferIntent {
  readonly from: Uint8Array;
  readonly to: Uint8Array;
  readonly asset: AssetKey;
  readonly amount: bigint;
}

export interface DraftRequest {
  readonly inputs: readonly InputRequest[];
  readonly outputs: readonly TxOutput[];
  readonly transfers: readonly TransferIntent[];
}

/** Facts of the call the parser needs (who "this contract" is, the block time). */
export interface DraftScope {
  readonly contract: Uint8Array;
  readonly blockTimestamp: bigint;
}

function list(v: unknown, what: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.length > MAX_BATCH_ITEMS) fail(HostErrorCode.InvalidParameter, `${what}: expected an array of at most ${MAX_BATCH_ITEMS} items`);
  return v;
}

function obj(v: unknown, what: string): Record<string, unknown> {
  if (!isRecord(v)) fail(HostErrorCode.InvalidParameter, `${what}: expected an object`);
  return v;
}

function uint(v: unknown, what: string): bigint {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'string' && /^[0-9]{1,20}$/.test(v)) return BigInt(v);
  return fail(HostErrorCode.InvalidParameter, `${what}: expected an unsigned integer`);
}

function parseInput(v: unknown): InputRequest {
  const o = obj(v, 'input');
  const txId = bytesField(field(o, 'tx_hash'), 'input.tx_hash', 32);
  if (txId.length !== 32) fail(HostErrorCode.InvalidHash, 'input.tx_hash must be 32 bytes');
  const index = Number(uint(field(o, 'output_index') ?? 0, 'input.output_index'));
  if (index > 0xffffffff) fail(HostErrorCode.InvalidParameter, 'input.output_index out of range');
  return { outPoint: { txId, index }, referenceOnly: field(o, 'is_reference_only') === true };
}

/** Never truncated: a cut protobuf can still decode, as a different (weaker) lock. */
function lockBytes(b: Uint8Array): Uint8Array {
  if (b.length > MAX_LOCK_BYTES) fail(HostErrorCode.LimitExceeded, `metadata.locking_conditions: over ${MAX_LOCK_BYTES} bytes`);
  return b;
}

function assetFromJson(o: Record<string, unknown>, meta: Record<string, unknown>, scope: DraftScope): TxOutput {
  const owner = addressField(field(o, 'owner'), 'output.owner');
  const key = assetKeyFor(scope.contract, bytesField(field(o, 'token_id'), 'output.token_id'));
  const lockHex = field(meta, 'locking_conditions');
  // Contract tokens stay under the issuing contract's lock (WES forces it); coins may carry a lock.
  const locks =
    key.kind === 'native' && typeof lockHex === 'string' && lockHex !== ''
      ? [decodeLock(lockBytes(bytesField(lockHex, 'metadata.locking_conditions')))]
      : defaultLocks(owner, key, scope.contract);
  return assetOutput(owner, key, amountFromJson(field(o, 'amount'), 'output'), locks);
}

function stateFromJson(o: Record<string, unknown>, meta: Record<string, unknown>, scope: DraftScope): TxOutput {
  const src = field(o, 'state_id') !== undefined ? o : meta;
  const stateId = bytesField(field(src, 'state_id'), 'state_id');
  if (stateId.length === 0) fail(HostErrorCode.InvalidParameter, 'state output: state_id must not be empty');
  const hash = bytesField(field(src, 'execution_result_hash'), 'execution_result_hash');
  const parent = bytesField(field(src, 'parent_state_hash'), 'parent_state_hash', 32);
  const pub = bytesField(field(src, 'public_inputs'), 'public_inputs');
  return {
    owner: scope.contract,
    locks: [{ kind: 'contract', contract: scope.contract }],
    content: {
      type: 'state',
      state: {
        stateId,
        version: uint(field(src, 'state_version') ?? 1, 'state_version'),
        executionResultHash: hash.length > 0 ? hash : new Uint8Array(32),
        publicInputs: pub.length > 0 ? [pub] : [],
        ...(parent.length === 32 ? { parentStateHash: parent } : {}),
      },
    },
  };
}

function resourceOutput(o: Record<string, unknown>, meta: Record<string, unknown>, scope: DraftScope): TxOutput {
  let desc: unknown = meta;
  const packed = field(o, 'resource');
  if (typeof packed === 'string') {
    try {
      desc = parseJson(fromBase64(packed), 'output.resource');
    } catch {
      fail(HostErrorCode.Encoding, 'output.resource: expected base64 of a resource JSON object');
    }
  }
  const ownerField = field(o, 'owner');
  const owner = ownerField === undefined ? scope.contract : addressField(ownerField, 'output.owner');
  return {
    owner,
    locks: [{ kind: 'singleKey', addressHash: owner }],
    content: { type: 'resource', resource: { ...resourceFromJson(desc), creationTimestamp: scope.blockTimestamp } },
  };
}

function parseOutput(v: unknown, scope: DraftScope): TxOutput {
  const o = obj(v, 'output');
  const meta = isRecord(o['metadata']) ? o['metadata'] : {};
  switch (o['type']) {
    case 'asset':
      return assetFromJson(o, meta, scope);
    case 'state':
      return stateFromJson(o, meta, scope);
    case 'resource':
      return resourceOutput(o, meta, scope);
    default:
      return fail(HostErrorCode.InvalidParameter, `output.type must be asset, state or resource, got ${JSON.stringify(o['type'])}`);
  }
}

function parseIntent(v: unknown, scope: DraftScope): TransferIntent {
  const o = obj(v, 'intent');
  if (o['type'] !== 'transfer') fail(HostErrorCode.NotImplemented, `intent type ${JSON.stringify(o['type'])} is not supported (only "transfer")`);
  const p = obj(o['params'], 'intent.params');
  return {
    from: addressField(field(p, 'from'), 'intent.from'),
    to: addressField(field(p, 'to'), 'intent.to'),
    asset: assetKeyFor(scope.contract, bytesField(field(p, 'token_id'), 'intent.token_id')),
    amount: amountFromJson(field(p, 'amount'), 'intent'),
  };
}

export function parseDraftRequest(json: unknown, scope: DraftScope): DraftRequest {
  const d = obj(json, 'draft');
  const mode = d['sign_mode'];
  if (mode !== undefined && mode !== 'defer_sign' && mode !== 'unsigned') {
    fail(HostErrorCode.NotImplemented, `sign_mode ${JSON.stringify(mode)} is not supported: nothing is signed inside execution`);
  }
  const req = {
    inputs: list(d['inputs'], 'inputs').map(parseInput),
    outputs: list(d['outputs'], 'outputs').map((o) => parseOutput(o, scope)),
    transfers: list(d['intents'], 'intents').map((i) => parseIntent(i, scope)),
  };
  if (req.inputs.length + req.outputs.length + req.transfers.length === 0) fail(HostErrorCode.InvalidParameter, 'empty draft: no inputs, outputs or intents');
  return req;
}
