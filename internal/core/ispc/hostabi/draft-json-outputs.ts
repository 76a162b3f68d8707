/**
 * The `outputs` of host_build_transaction's draft JSON (ABI.md §5), in every layout a WES SDK or
 * node emits, each field mapped exactly and any other field refused (never dropped):
 *
 *  - asset:    WES node `{type, owner, amount, token_id, metadata:{locking_conditions}}`;
 *              Go SDK `{type, to, token_id, amount}` (`to` is the owner; amount a string or,
 *              in older SDKs, a JSON number).
 *  - state:    WES node `{type, metadata:{state_id, state_version, execution_result_hash,
 *              public_inputs, parent_state_hash}}`; SDK `{type, state_id, state_version,
 *              execution_result_hash}` (base64); older Go SDK `{type, state_id, version, exec_hash}`.
 *  - resource: WES node `{type, owner?, metadata:{content_hash, category, ...}}`; SDK `{type, resource}` (base64 JSON).
 */
import { fromBase64 } from '../../../../pkg/encoding.js';
import type { TxOutput } from '../../../../pkg/model.js';
import { HostErrorCode } from '../../../../pkg/types.js';
import { amountFromJson, assetKeyFor, assetOutput, defaultLocks } from './assets.js';
import { fail } from './host-result.js';
import { parseJson } from './guest-io.js';
import { addressField, aliasedField, bytesField, field, isRecord, onlyKeys } from './json-fields.js';
import { MAX_LOCK_BYTES } from './limits.js';
import { decodeLock } from './wire-values.js';
import { resourceFromJson } from './resource-json.js';

/** Facts of the call the parser needs (who "this contract" is, the block time). */
export interface DraftScope {
  readonly contract: Uint8Array;
  readonly blockTimestamp: bigint;
}

export function obj(v: unknown, what: string): Record<string, unknown> {
  if (!isRecord(v)) fail(HostErrorCode.InvalidParameter, `${what}: expected an object`);
  return v;
}

/** An unsigned integer field: a decimal string or a safe-integer JSON number. */
export function uint(v: unknown, what: string): bigint {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'string' && /^[0-9]{1,20}$/.test(v) && BigInt(v) < 1n << 64n) return BigInt(v);
  return fail(HostErrorCode.InvalidParameter, `${what}: expected an unsigned 64-bit integer (decimal string or safe-integer number), got ${JSON.stringify(v)}`);
}

function metadataOf(o: Record<string, unknown>, what: string): Record<string, unknown> {
  const m = o['metadata'];
  return m === undefined || m === null ? {} : obj(m, `${what}.metadata`);
}

/** Never truncated: a cut protobuf can still decode, as a different (weaker) lock. */
function lockBytes(b: Uint8Array): Uint8Array {
  if (b.length > MAX_LOCK_BYTES) fail(HostErrorCode.LimitExceeded, `metadata.locking_conditions: over ${MAX_LOCK_BYTES} bytes`);
  return b;
}

function assetFromJson(o: Record<string, unknown>, scope: DraftScope): TxOutput {
  onlyKeys(o, ['type', 'owner', 'to', 'amount', 'token_id', 'metadata'], 'asset output');
  const meta = metadataOf(o, 'asset output');
  onlyKeys(meta, ['locking_conditions'], 'asset output.metadata');
  const ownerValue = aliasedField(o, ['owner', 'to'], 'asset output');
  if (ownerValue === undefined) fail(HostErrorCode.InvalidAddress, 'asset output: missing owner (or "to")');
  const owner = addressField(ownerValue, 'asset output.owner');
  const key = assetKeyFor(scope.contract, bytesField(field(o, 'token_id'), 'asset output.token_id'));
  const lockHex = field(meta, 'locking_conditions');
  const hasLock = typeof lockHex === 'string' ? lockHex !== '' : lockHex !== undefined && lockHex !== null;
  // Contract tokens stay under the issuing contract's lock (WES forces it): a lock given for one
  // would be dropped, so it is refused. Coins may carry a lock.
  if (hasLock && key.kind !== 'native') fail(HostErrorCode.InvalidParameter, 'asset output: a contract token is always locked to its issuing contract; metadata.locking_conditions is not allowed on it');
  const locks = hasLock ? [decodeLock(lockBytes(bytesField(lockHex, 'metadata.locking_conditions')))] : defaultLocks(owner, key, scope.contract);
  return assetOutput(owner, key, amountFromJson(field(o, 'amount'), 'asset output'), locks);
}

const STATE_FIELDS = ['state_id', 'state_version', 'version', 'execution_result_hash', 'exec_hash', 'public_inputs', 'parent_state_hash'];

function stateFromJson(o: Record<string, unknown>, scope: DraftScope): TxOutput {
  onlyKeys(o, ['type', 'metadata', ...STATE_FIELDS], 'state output');
  const meta = metadataOf(o, 'state output');
  const top = STATE_FIELDS.some((f) => field(o, f) !== undefined);
  if (top && Object.keys(meta).length > 0) fail(HostErrorCode.InvalidParameter, 'state output: give the state fields at the top level (SDK) or under metadata (WES node), not both');
  const src = top ? o : meta;
  if (!top) onlyKeys(meta, STATE_FIELDS, 'state output.metadata');
  const stateId = bytesField(field(src, 'state_id'), 'state_id');
  if (stateId.length === 0) fail(HostErrorCode.InvalidParameter, 'state output: state_id must not be empty');
  const version = aliasedField(src, ['state_version', 'version'], 'state output');
  const hashValue = aliasedField(src, ['execution_result_hash', 'exec_hash'], 'state output');
  const hash = bytesField(hashValue, 'execution_result_hash');
  const parent = bytesField(field(src, 'parent_state_hash'), 'parent_state_hash', 32);
  if (parent.length !== 0 && parent.length !== 32) fail(HostErrorCode.InvalidHash, 'state output: parent_state_hash must be 32 bytes');
  const pub = bytesField(field(src, 'public_inputs'), 'public_inputs');
  return {
    owner: scope.contract,
    locks: [{ kind: 'contract', contract: scope.contract }],
    content: {
      type: 'state',
      state: {
        stateId,
        // Absent fields keep WES's defaults (version 1, the zero hash); given ones are used as given.
        version: version === undefined ? 1n : uint(version, 'state output.version'),
        executionResultHash: hashValue === undefined ? new Uint8Array(32) : hash,
        publicInputs: pub.length > 0 ? [pub] : [],
        ...(parent.length === 32 ? { parentStateHash: parent } : {}),
      },
    },
  };
}

function resourceOutput(o: Record<string, unknown>, scope: DraftScope): TxOutput {
  onlyKeys(o, ['type', 'owner', 'resource', 'metadata'], 'resource output');
  let desc: unknown = metadataOf(o, 'resource output');
  const packed = field(o, 'resource');
  if (packed !== undefined) {
    if (o['metadata'] !== undefined) fail(HostErrorCode.InvalidParameter, 'resource output: give resource (SDK) or metadata (WES node), not both');
    if (typeof packed !== 'string') fail(HostErrorCode.InvalidParameter, 'output.resource: expected base64 of a resource JSON object');
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

export function parseOutput(v: unknown, scope: DraftScope): TxOutput {
  const o = obj(v, 'output');
  switch (o['type']) {
    case 'asset':
      return assetFromJson(o, scope);
    case 'state':
      return stateFromJson(o, scope);
    case 'resource':
      return resourceOutput(o, scope);
    default:
      return fail(HostErrorCode.InvalidParameter, `output.type must be asset, state or resource, got ${JSON.stringify(o['type'])}`);
  }
}
