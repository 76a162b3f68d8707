/**
 * The one contract-call pipeline: context → engine → draft → effects. Simulation (the node's
 * simulate/build routes), block building and block verification all run a call through here,
 * so what a user simulates is what a block producer includes and what every verifier recomputes.
 *
 * Execution at inclusion (docs/execution-at-inclusion.md): a call transaction signs only its
 * intent — the payer's inputs, the call, the funds attached to it and the caller's own outputs.
 * The call's effects — the contract's inputs (its ContractLock UTXOs), the outputs it creates,
 * state writes, events, return data, status and gas — are computed here at the transaction's
 * actual position in the block and recorded in its receipt (covered by the block's state root).
 * Effect output k gets the outpoint (txId, tx.outputs.length + k); the attached funds (or, when
 * the call fails, their refund to the caller) are effect output 0.
 *
 * A call that fails — non-zero status, trap, or effects refused by the rules below — leaves no
 * effects but its receipt and the refund: the fee stays paid.
 */
import { bytesEqual, outPointKey, toHex } from '../../../pkg/encoding.js';
import { isWesError } from '../../../pkg/errors.js';
import type { CallRequest, CallResult, WASMEngine } from '../../../pkg/engine.js';
import type { StateWrite, TransactionDraft } from '../../../pkg/draft.js';
import type { ContractCall, OutPoint, Receipt, TxOutput, Utxo } from '../../../pkg/model.js';
import type { Address, Hash } from '../../../pkg/types.js';
import { ownerLockMismatch } from '../../../pkg/ownership.js';
import { encodeTxOutput } from '../wire/codec.js';
import { balancesOf } from './conservation.js';
import { STORAGE_FEE_PER_BYTE, receiptStorageBytes } from './fee-policy.js';
import { callView } from './call-view.js';
import type { LedgerView } from './ledger-view.js';
import type { BlockPosition } from './reexecution.js';
import { stateChangeOf, stateWriteOutput } from './state-outputs.js';

/** What is fixed before the call runs: the signed intent and where its effects will be numbered. */
export interface CallSubject {
  readonly call: ContractCall;
  readonly caller: Address;
  /** What the call sees as get_tx_hash (call-id.ts). */
  readonly callId: Hash;
  /** The transaction id its effect outputs are numbered under. */
  readonly txId: Hash;
  /** tx.outputs.length: the index of effect output 0. */
  readonly firstEffectIndex: number;
  /** The signed part, applied before the call runs: payer inputs spent, caller outputs created. */
  readonly signedSpent?: readonly OutPoint[];
  readonly signedCreated?: readonly Utxo[];
  /**
   * Base units the fee leaves for storing the call's effects (effectsStorageBytes at
   * STORAGE_FEE_PER_BYTE); undefined = unbounded (simulation). Effects that cost more fail the call.
   */
  readonly storageBudget?: bigint;
}

/** What the call's ledger adds to the view it runs against: the signed part and the attached funds. */
export interface LedgerOverlay {
  readonly spent: readonly OutPoint[];
  readonly created: readonly Utxo[];
}

/**
 * Runs one engine call. The node's API simulations run off the main thread (a worker reads the
 * chain plus `overlay` over a channel); block building and verification call the engine directly.
 */
export type CallRunner = (req: CallRequest, overlay: LedgerOverlay) => Promise<CallResult>;

export interface CallEffects {
  /** The engine's result; undefined when the call never reached the engine. */
  readonly result: CallResult | undefined;
  readonly receipt: Receipt;
  readonly failed: boolean;
  /** UTXOs of earlier transactions the call spent. */
  readonly spent: readonly OutPoint[];
  /** UTXOs the call created and did not itself spend (the funds UTXO unless it was spent). */
  readonly created: readonly Utxo[];
  /** State changes in the called contract's namespace, in application order. */
  readonly stateWrites: readonly StateWrite[];
}

/** Longest failure reason a receipt stores. */
export const MAX_REASON_CHARS = 512;

/**
 * Bytes a call's effects make the store keep beyond the signed transaction: the receipt's return
 * data and events (fee-policy.ts receiptStorageBytes), each effect output twice (in the receipt and
 * in the UTXO or state table) and each spent outpoint once.
 */
export function effectsStorageBytes(r: Receipt): bigint {
  let n = receiptStorageBytes(r);
  for (const o of r.outputs ?? []) n += 2n * BigInt(encodeTxOutput(o).length);
  return n + BigInt((r.spent?.length ?? 0) * 36);
}

/**
 * What a client pays for storage when it signs: the simulated effects plus headroom, since the
 * effects are computed again where the call lands (a balance may gain a digit). The fee is a
 * maximum: effects that outgrow it fail the call, which still pays.
 */
export function storageAllowance(simulated: Receipt): bigint {
  const bytes = effectsStorageBytes(simulated);
  return bytes + bytes / 4n + 256n;
}

export function fundsOf(call: ContractCall): bigint {
  return call.funds ?? 0n;
}

function nativeTo(owner: Address, amount: bigint, locks: TxOutput['locks']): TxOutput {
  return { owner, locks, content: { type: 'asset', asset: { kind: 'native', amount } } };
}

/** Funds attached to a call arrive under the contract's lock, owned by the contract. */
export function fundsOutput(contract: Address, amount: bigint): TxOutput {
  return nativeTo(contract, amount, [{ kind: 'contract', contract }]);
}

function holdsContractLock(u: Utxo, contract: Address, method: string): boolean {
  return u.output.locks.some((l) => l.kind === 'contract' && bytesEqual(l.contract, contract) && (l.method === undefined || l.method === '' || l.method === method));
}

/** Why a successful draft's effects are refused, or undefined when they are allowed. */
function effectsFailure(draft: TransactionDraft, subject: CallSubject, view: LedgerView, fundsUtxo: Utxo | undefined): string | undefined {
  const { contract, method } = subject.call;
  const spentUtxos: Utxo[] = [];
  const seen = new Set<string>();
  for (const [j, d] of draft.inputs.entries()) {
    const k = outPointKey(d.outPoint);
    if (seen.has(k)) return `the call spends ${k} twice`;
    seen.add(k);
    const u = view.utxos.get(d.outPoint);
    if (u === undefined) return `the call's input ${j} (${k}) does not exist or is already spent`;
    if (d.referenceOnly) continue;
    // A contract spends only what is locked to it; its execution at inclusion is the proof.
    if (!holdsContractLock(u, contract, method)) return `the call's input ${j} (${k}) is not locked to this contract`;
    spentUtxos.push(u);
  }
  for (const [i, o] of draft.outputs.entries()) {
    if (o.locks.some((l) => l.kind === 'singleKey' && bytesEqual(l.addressHash, contract))) {
      return `output ${i} is locked to the contract's address as a key, which no key can spend; a contract keeps value under its ContractLock`;
    }
    // The same output rules as a signed transaction's (verifier.ts checkOwners).
    const why = ownerLockMismatch(o, view.codeOf(o.owner) !== undefined);
    if (why !== undefined) return `output ${i}: ${why}`;
    const dead = o.locks.find((l) => l.kind === 'contract' && view.codeOf(l.contract) === undefined);
    if (dead !== undefined && dead.kind === 'contract') return `output ${i} is locked to ${toHex(dead.contract)}, where no contract is deployed`;
  }
  const b = balancesOf(spentUtxos, draft.outputs);
  if (b.native.input !== b.native.output) {
    return `native coin is not conserved: the call spends ${b.native.input} and creates ${b.native.output}${fundsUtxo ? ' (attached funds count once spent)' : ''}`;
  }
  for (const t of b.tokens.values()) {
    // Only the token's own contract may create or destroy its tokens.
    if (t.contract !== undefined && bytesEqual(t.contract, contract)) continue;
    if (t.input !== t.output) return `token ${toHex(t.contract!)}/${toHex(t.classId!)} is not conserved: spends ${t.input}, creates ${t.output}`;
  }
  return undefined;
}

function failure(subject: CallSubject, at: BlockPosition, result: CallResult | undefined, reason: string, errorCode?: string): CallEffects {
  const funds = fundsOf(subject.call);
  const refund = funds > 0n ? [nativeTo(subject.caller, funds, [{ kind: 'singleKey', addressHash: subject.caller }])] : [];
  const receipt: Receipt = {
    txId: subject.txId,
    status: result?.status ?? 0,
    gasUsed: result?.gasUsed ?? 0n,
    returnData: new Uint8Array(0),
    events: [],
    ...(errorCode !== undefined && { errorCode }),
    reason: reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS - 1)}…` : reason,
    ...(refund.length > 0 && { outputs: refund }),
  };
  const created = refund.map((output, k) => ({ outPoint: { txId: subject.txId, index: subject.firstEffectIndex + k }, output, blockHeight: at.height }));
  return { result, receipt, failed: true, spent: [], created, stateWrites: [] };
}

/** Runs `subject`'s call at `at` against `view` and returns its effects (never throws for a failed call). */
export async function executeCall(engine: WASMEngine | CallRunner, subject: CallSubject, view: LedgerView, at: BlockPosition): Promise<CallEffects> {
  const { call, caller, txId, firstEffectIndex } = subject;
  const funds = fundsOf(call);
  const fundsUtxo: Utxo | undefined = funds > 0n
    ? { outPoint: { txId, index: firstEffectIndex }, output: fundsOutput(call.contract, funds), blockHeight: at.height }
    : undefined;
  const overlay: LedgerOverlay = { spent: subject.signedSpent ?? [], created: [...(subject.signedCreated ?? []), ...(fundsUtxo ? [fundsUtxo] : [])] };
  const ledger = callView(view, overlay.spent, overlay.created);
  const run: CallRunner = typeof engine === 'function' ? engine : (req) => engine.call(req);
  const code = ledger.codeOf(call.contract);
  if (code === undefined) return failure(subject, at, undefined, 'no contract is deployed at the called address', 'TX_UNKNOWN_CONTRACT');

  let result: CallResult;
  try {
    result = await run({
      code, contract: call.contract, method: call.method, payload: call.payload, gasLimit: call.gasLimit,
      context: { caller, blockHeight: at.height, blockTimestamp: at.timestamp, txHash: subject.callId, txIndex: at.txIndex, callIndex: 0, chain: ledger },
    }, overlay);
  } catch (e) {
    // A typed refusal (e.g. a load error) is the call's outcome; anything else is a node fault.
    if (isWesError(e)) return failure(subject, at, undefined, `the engine refused the call: ${e.message}`, e.code);
    throw e;
  }
  if (!result.ok || result.draft === undefined) {
    const why = result.error ? `${result.statusName}: ${result.error.message}` : `the method returned ${result.statusName}`;
    return failure(subject, at, result, why, result.error?.code);
  }
  const draft = result.draft;
  const refused = effectsFailure(draft, subject, ledger, fundsUtxo);
  if (refused !== undefined) return failure(subject, at, result, refused, 'TX_EFFECTS_REFUSED');

  const outputs: TxOutput[] = [...(fundsUtxo ? [fundsUtxo.output] : []), ...draft.outputs, ...draft.stateWrites.map((w) => stateWriteOutput(call.contract, w))];
  const fundsKey = fundsUtxo ? outPointKey(fundsUtxo.outPoint) : undefined;
  const spentByCall = draft.inputs.filter((d) => !d.referenceOnly).map((d) => d.outPoint);
  const fundsSpent = spentByCall.some((o) => outPointKey(o) === fundsKey);
  const created: Utxo[] = outputs.flatMap((output, k) => {
    const outPoint = { txId, index: firstEffectIndex + k };
    if (output.content.type === 'state' || (fundsSpent && k === 0)) return [];
    return [{ outPoint, output, blockHeight: at.height }];
  });
  const stateWrites = [
    ...draft.outputs.flatMap((o) => (o.content.type === 'state' ? [stateChangeOf(o.content.state)] : [])),
    ...draft.stateWrites,
  ];
  const receipt: Receipt = {
    txId,
    status: result.status ?? 0,
    gasUsed: result.gasUsed,
    returnData: result.returnData,
    events: result.events,
    ...(spentByCall.length > 0 && { spent: spentByCall }),
    ...(outputs.length > 0 && { outputs }),
  };
  if (subject.storageBudget !== undefined) {
    const cost = STORAGE_FEE_PER_BYTE * effectsStorageBytes(receipt);
    if (cost > subject.storageBudget) {
      return failure(subject, at, result, `the fee does not cover storing the call's effects: they cost ${cost}, the fee leaves ${subject.storageBudget > 0n ? subject.storageBudget : 0n}`, 'TX_FEE_TOO_LOW');
    }
  }
  return {
    result, receipt, failed: false,
    // The funds UTXO spent by the call itself never existed outside it.
    spent: spentByCall.filter((o) => outPointKey(o) !== fundsKey),
    created, stateWrites,
  };
}
