/**
 * Authorises a contract-call transaction by running the recorded call again, against the state
 * the transaction is applied to, and accepting it only if the call produces exactly the inputs,
 * outputs and state writes the transaction carries. This is the only way a contract mints its
 * own tokens, writes its state or spends its ContractLock UTXOs: an ExecutionProof is a claim
 * anyone can forge (wes-notes §6 #13), a re-execution is not.
 *
 * Layout the builder produces and this checks (the fee payer first, so input 0 names the caller):
 *   inputs  = payer inputs (≥ 1, the first single-key locked: its owner is the caller) ++ draft.inputs
 *   outputs = draft.outputs ++ one StateOutput per draft state write ++ native outputs (change)
 */
import { describeCallFailure } from '../../../pkg/call-failure.js';
import { bytesEqual } from '../../../pkg/encoding.js';
import { TxError, isWesError } from '../../../pkg/errors.js';
import type { ExecutionContext, WASMEngine } from '../../../pkg/engine.js';
import type { Receipt, Transaction, Utxo } from '../../../pkg/model.js';
import type { Address, Hash } from '../../../pkg/types.js';
import type { TransactionDraft } from '../../../pkg/draft.js';
import { encodeTxOutput, encodeUnlockingProof } from '../wire/codec.js';
import { callId } from './call-id.js';
import type { LedgerView } from './ledger-view.js';
import { stateWriteOutput } from './state-outputs.js';

export interface BlockPosition {
  readonly height: bigint;
  readonly timestamp: bigint;
  readonly txIndex: number;
}

export interface CallOutcome {
  readonly caller: Address;
  readonly receipt: Receipt;
  /** Index of the first input that came from the draft (inputs before it are the payer's). */
  readonly draftInputStart: number;
}

/** The caller of a call transaction: the single-key owner of the UTXO its first input spends. */
export function callerOf(tx: Transaction, firstInput: Utxo | undefined): Address {
  const lock = firstInput?.output.locks[0];
  if (tx.inputs[0]?.referenceOnly !== false || firstInput?.output.locks.length !== 1 || lock?.kind !== 'singleKey') {
    throw new TxError('NO_CALLER', 'a contract call must spend, as input 0, a UTXO locked to one key: its owner is the caller');
  }
  return lock.addressHash;
}

export function callContext(tx: Transaction, caller: Address, at: BlockPosition, chain: LedgerView): ExecutionContext {
  return {
    caller,
    blockHeight: at.height,
    blockTimestamp: at.timestamp,
    txHash: callId(tx, caller),
    txIndex: at.txIndex,
    callIndex: 0,
    chain,
  };
}

function mismatch(what: string, details: Record<string, unknown> = {}): TxError {
  return new TxError('CALL_MISMATCH', `re-executing the call does not reproduce the transaction: ${what}`, details);
}

/** Throws CALL_MISMATCH unless `tx` carries exactly `draft`'s effects in the builder's layout. */
export function checkDraftMatches(tx: Transaction, draft: TransactionDraft): number {
  const contract = draft.contract;
  const expected = [...draft.outputs, ...draft.stateWrites.map((w) => stateWriteOutput(contract, w))];
  if (tx.outputs.length < expected.length) throw mismatch(`the call produced ${expected.length} outputs, the transaction has ${tx.outputs.length}`);
  expected.forEach((o, i) => {
    if (!bytesEqual(encodeTxOutput(o), encodeTxOutput(tx.outputs[i]!))) throw mismatch(`output ${i} differs`, { output: i });
  });
  for (let i = expected.length; i < tx.outputs.length; i++) {
    const c = tx.outputs[i]!.content;
    if (c.type !== 'asset' || c.asset.kind !== 'native') {
      throw mismatch(`output ${i} was not produced by the call and is not a native-coin output`, { output: i });
    }
  }
  const start = tx.inputs.length - draft.inputs.length;
  if (start < 1) throw mismatch('the transaction has no payer input before the call\'s inputs');
  draft.inputs.forEach((d, j) => {
    const t = tx.inputs[start + j]!;
    const same =
      bytesEqual(t.outPoint.txId, d.outPoint.txId) &&
      t.outPoint.index === d.outPoint.index &&
      t.referenceOnly === d.referenceOnly &&
      (d.proof === undefined ||
        (t.proof !== undefined && t.proof.kind !== 'time' && t.proof.kind !== 'height' && bytesEqual(encodeUnlockingProof(t.proof), d.proof)));
    if (!same) throw mismatch(`input ${start + j} is not the call's input ${j}`, { input: start + j });
  });
  return start;
}

export async function reexecuteCall(
  engine: WASMEngine,
  tx: Transaction,
  txId: Hash,
  firstInput: Utxo | undefined,
  view: LedgerView,
  at: BlockPosition,
): Promise<CallOutcome> {
  const call = tx.contractCall;
  if (!call) throw new TxError('NO_CALL', 'not a contract-call transaction');
  const caller = callerOf(tx, firstInput);
  const code = view.codeOf(call.contract);
  if (!code) throw new TxError('UNKNOWN_CONTRACT', 'no contract is deployed at the called address; deploy it first', { contract: Buffer.from(call.contract).toString('hex') });
  let result;
  try {
    result = await engine.call({ code, method: call.method, payload: call.payload, gasLimit: call.gasLimit, context: callContext(tx, caller, at, view) });
  } catch (e) {
    if (isWesError(e)) throw new TxError('CALL_REJECTED', `the engine refused the call: ${e.message}`, { cause: e.code });
    throw e;
  }
  if (!result.ok || !result.draft) {
    throw new TxError('CALL_FAILED', `the call failed on re-execution (${describeCallFailure(result)})`, {
      status: result.statusName,
    });
  }
  const draftInputStart = checkDraftMatches(tx, result.draft);
  return {
    caller,
    draftInputStart,
    receipt: { txId, status: result.status ?? 0, gasUsed: result.gasUsed, returnData: result.returnData, events: result.events },
  };
}
