/**
 * Who a call transaction's caller is and the execution context its call runs in. The call
 * itself runs through the call pipeline (call-pipeline.ts) — in simulation, block building and
 * verification alike — which computes its effects at the transaction's position in the block.
 */
import { TxError } from '../../../pkg/errors.js';
import type { ExecutionContext } from '../../../pkg/engine.js';
import type { Transaction, Utxo } from '../../../pkg/model.js';
import type { Address } from '../../../pkg/types.js';
import { callId } from './call-id.js';
import type { LedgerView } from './ledger-view.js';

export interface BlockPosition {
  readonly height: bigint;
  readonly timestamp: bigint;
  readonly txIndex: number;
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
