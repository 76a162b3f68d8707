/**
 * host_build_transaction's draft JSON (ABI.md §5) turned into inputs, outputs and intents.
 * Accepts every layout a WES node or Go/AS SDK emits (outputs: draft-json-outputs.ts), maps each
 * field exactly and refuses any field it does not understand (never drops one):
 *
 *  - top level: `{inputs?, outputs?, intents?, sign_mode?, metadata?}`; older Go SDKs send no
 *    `sign_mode`. `metadata` (WES nonce, memo, gas, delegation/threshold/paymaster parameters)
 *    has no meaning here, so only an empty object is accepted.
 *  - transfer intent: WES node `{type, params:{from, to, amount, token_id}}`; Go SDK
 *    `{type, from, to, token_id, amount}` (no `params`; amount a string, or a JSON number in
 *    older SDKs).
 *  - stake intent: Go SDK `{type, staker, amount, validator}` (docs/staking.md).
 */
import { bytesEqual } from '../../../../pkg/encoding.js';
import type { OutPoint, TxOutput } from '../../../../pkg/model.js';
import type { AssetKey } from '../../../../pkg/ports.js';
import { HostErrorCode } from '../../../../pkg/types.js';
import { amountFromJson, assetKeyFor } from './assets.js';
import { fail } from './host-result.js';
import { addressField, bytesField, field, onlyKeys } from './json-fields.js';
import { MAX_BATCH_ITEMS } from './limits.js';
import { obj, parseOutput, uint, type DraftScope } from './draft-json-outputs.js';

export type { DraftScope } from './draft-json-outputs.js';

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

/** Stake `amount` of the native coin for `validator` (pkg/staking.ts). */
export interface StakeIntent {
  readonly kind: 'stake';
  readonly staker: Uint8Array;
  readonly validator: Uint8Array;
  readonly amount: bigint;
}

export type Intent = ({ readonly kind: 'transfer' } & TransferIntent) | StakeIntent;

export interface DraftRequest {
  readonly inputs: readonly InputRequest[];
  readonly outputs: readonly TxOutput[];
  /** In the order the contract listed them (selection order depends on it). */
  readonly intents: readonly Intent[];
}

function list(v: unknown, what: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.length > MAX_BATCH_ITEMS) fail(HostErrorCode.InvalidParameter, `${what}: expected an array of at most ${MAX_BATCH_ITEMS} items`);
  return v;
}

function parseInput(v: unknown): InputRequest {
  const o = obj(v, 'input');
  onlyKeys(o, ['tx_hash', 'output_index', 'is_reference_only'], 'input');
  const txId = bytesField(field(o, 'tx_hash'), 'input.tx_hash', 32);
  if (txId.length !== 32) fail(HostErrorCode.InvalidHash, 'input.tx_hash must be 32 bytes');
  const index = uint(field(o, 'output_index') ?? 0, 'input.output_index');
  if (index > 0xffffffffn) fail(HostErrorCode.InvalidParameter, 'input.output_index out of range');
  const ref = field(o, 'is_reference_only') ?? false;
  if (typeof ref !== 'boolean') fail(HostErrorCode.InvalidParameter, 'input.is_reference_only must be true or false');
  return { outPoint: { txId, index: Number(index) }, referenceOnly: ref };
}

const TRANSFER_FIELDS = ['from', 'to', 'amount', 'token_id'];

function parseTransfer(o: Record<string, unknown>, scope: DraftScope): TransferIntent {
  let p = o;
  if (o['params'] !== undefined) {
    onlyKeys(o, ['type', 'params'], 'transfer intent');
    p = obj(o['params'], 'transfer intent.params');
    onlyKeys(p, TRANSFER_FIELDS, 'transfer intent.params');
  } else {
    onlyKeys(o, ['type', ...TRANSFER_FIELDS], 'transfer intent');
  }
  return {
    from: addressField(field(p, 'from'), 'intent.from'),
    to: addressField(field(p, 'to'), 'intent.to'),
    asset: assetKeyFor(scope.contract, bytesField(field(p, 'token_id'), 'intent.token_id')),
    amount: amountFromJson(field(p, 'amount'), 'transfer intent'),
  };
}

/** Go SDK `Stake(staker, amount, validator)`: `{type, staker, amount, validator}` (native coin only). */
function parseStake(o: Record<string, unknown>): StakeIntent {
  onlyKeys(o, ['type', 'staker', 'amount', 'validator'], 'stake intent');
  const staker = addressField(field(o, 'staker'), 'stake intent.staker');
  const validator = addressField(field(o, 'validator'), 'stake intent.validator');
  if (bytesEqual(staker, validator)) fail(HostErrorCode.InvalidParameter, 'stake intent: staker and validator must differ');
  return { kind: 'stake', staker, validator, amount: amountFromJson(field(o, 'amount'), 'stake intent') };
}

function parseIntent(v: unknown, scope: DraftScope): Intent {
  const o = obj(v, 'intent');
  if (o['type'] === 'transfer') return { kind: 'transfer', ...parseTransfer(o, scope) };
  if (o['type'] === 'stake') return parseStake(o);
  // The Go SDK's Delegate/Unstake/Undelegate helpers send transfer intents; no other type exists.
  return fail(HostErrorCode.NotImplemented, `intent type ${JSON.stringify(o['type'])} is not supported ("transfer", "stake")`);
}

export function parseDraftRequest(json: unknown, scope: DraftScope): DraftRequest {
  const d = obj(json, 'draft');
  onlyKeys(d, ['inputs', 'outputs', 'intents', 'sign_mode', 'metadata'], 'draft');
  const mode = d['sign_mode'];
  if (mode !== undefined && mode !== 'defer_sign' && mode !== 'unsigned') {
    fail(HostErrorCode.NotImplemented, `sign_mode ${JSON.stringify(mode)} is not supported: nothing is signed inside execution`);
  }
  const meta = d['metadata'];
  if (meta !== undefined && meta !== null) {
    const keys = Object.keys(obj(meta, 'draft.metadata'));
    if (keys.length > 0) fail(HostErrorCode.NotImplemented, `draft.metadata.${keys[0]} is not supported by this engine (a draft carrying it is refused rather than built without it)`);
  }
  const req = {
    inputs: list(d['inputs'], 'inputs').map(parseInput),
    outputs: list(d['outputs'], 'outputs').map((o) => parseOutput(o, scope)),
    intents: list(d['intents'], 'intents').map((i) => parseIntent(i, scope)),
  };
  if (req.inputs.length + req.outputs.length + req.intents.length === 0) fail(HostErrorCode.InvalidParameter, 'empty draft: no inputs, outputs or intents');
  return req;
}
