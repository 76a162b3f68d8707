/** Transaction <-> wire: inputs, outputs, validity window, fee mechanism, memo, contract call. */
import type { FeeMechanism, TokenReference, Transaction, TxInput, ValidityWindow } from '../../../../pkg/model.js';
import type { WTokenReference, WTransaction, WTxInput, WWindow } from './wire-types.js';
import { outputFromWire, outputToWire } from './outputs.js';
import { proofFromWire, proofToWire } from './proofs.js';
import { address, addressOf, amountOf, amountText, bigintOf, bytesOf, hash32, hash32Of, missing, u32, u64 } from './wire.js';

function inputToWire(i: TxInput, index: number): WTxInput {
  return {
    previousOutput: {
      txId: hash32(i.outPoint.txId, `inputs[${index}].outPoint.txId`),
      outputIndex: u32(i.outPoint.index, `inputs[${index}].outPoint.index`),
    },
    isReferenceOnly: i.referenceOnly,
    ...(i.sequence !== undefined && { sequence: u32(i.sequence, `inputs[${index}].sequence`) }),
    ...(i.proof && proofToWire(i.proof)),
  };
}

function inputFromWire(w: WTxInput, index: number): TxInput {
  if (!w.previousOutput) throw missing(`inputs[${index}].previous_output`);
  const proof = proofFromWire(w);
  return {
    outPoint: { txId: hash32Of(w.previousOutput.txId, `inputs[${index}].txId`), index: w.previousOutput.outputIndex ?? 0 },
    referenceOnly: w.isReferenceOnly ?? false,
    ...(w.sequence !== undefined && { sequence: w.sequence }),
    ...(proof && { proof }),
  };
}

function tokenToWire(t: TokenReference): WTokenReference {
  return t.kind === 'native' ? { nativeToken: true } : { contractAddress: address(t.contract, 'fee.feeToken.contract') };
}

function tokenFromWire(w: WTokenReference | undefined): TokenReference {
  if (w?.nativeToken === true) return { kind: 'native' };
  if (w?.contractAddress !== undefined) return { kind: 'contract', contract: addressOf(w.contractAddress, 'fee.feeToken.contract') };
  throw missing('fee_token');
}

function feeToWire(f: FeeMechanism): Partial<WTransaction> {
  const feeToken = tokenToWire(f.feeToken);
  switch (f.kind) {
    case 'minimum':
      return { minimumFee: { minimumAmount: amountText(f.minimumAmount, 'fee.minimumAmount'), feeToken } };
    case 'proportional':
      return {
        proportionalFee: {
          rateBasisPoints: u32(f.rateBasisPoints, 'fee.rateBasisPoints'),
          ...(f.maxFeeAmount !== undefined && { maxFeeAmount: amountText(f.maxFeeAmount, 'fee.maxFeeAmount') }),
          feeToken,
        },
      };
    case 'contractExecution':
      return {
        contractFee: { baseFee: amountText(f.baseFee, 'fee.baseFee'), executionFee: amountText(f.executionFee, 'fee.executionFee'), feeToken },
      };
    case 'priority':
      return { priorityFee: { baseFee: amountText(f.baseFee, 'fee.baseFee'), priorityRate: f.priorityRate, feeToken } };
  }
}

function feeFromWire(w: WTransaction): FeeMechanism | undefined {
  if (w.minimumFee) {
    return { kind: 'minimum', minimumAmount: amountOf(w.minimumFee.minimumAmount, 'minimumFee.minimumAmount'), feeToken: tokenFromWire(w.minimumFee.feeToken) };
  }
  if (w.proportionalFee) {
    const max = w.proportionalFee.maxFeeAmount;
    return {
      kind: 'proportional',
      rateBasisPoints: w.proportionalFee.rateBasisPoints ?? 0,
      ...(max !== undefined && { maxFeeAmount: amountOf(max, 'proportionalFee.maxFeeAmount') }),
      feeToken: tokenFromWire(w.proportionalFee.feeToken),
    };
  }
  if (w.contractFee) {
    return {
      kind: 'contractExecution',
      baseFee: amountOf(w.contractFee.baseFee, 'contractFee.baseFee'),
      executionFee: amountOf(w.contractFee.executionFee, 'contractFee.executionFee'),
      feeToken: tokenFromWire(w.contractFee.feeToken),
    };
  }
  if (w.priorityFee) {
    return {
      kind: 'priority',
      baseFee: amountOf(w.priorityFee.baseFee, 'priorityFee.baseFee'),
      priorityRate: w.priorityFee.priorityRate ?? '',
      feeToken: tokenFromWire(w.priorityFee.feeToken),
    };
  }
  return undefined;
}

function windowToWire(v: ValidityWindow): Partial<WTransaction> {
  const before = v.notBefore !== undefined ? u64(v.notBefore, 'validityWindow.notBefore') : undefined;
  const after = v.notAfter !== undefined ? u64(v.notAfter, 'validityWindow.notAfter') : undefined;
  if (v.kind === 'time') {
    return { timeWindow: { ...(before && { notBeforeTimestamp: before }), ...(after && { notAfterTimestamp: after }) } };
  }
  return { heightWindow: { ...(before && { notBeforeHeight: before }), ...(after && { notAfterHeight: after }) } };
}

function windowFromWire(w: WTransaction): ValidityWindow | undefined {
  const opt = (v: WWindow[keyof WWindow]): bigint | undefined => (v === undefined ? undefined : bigintOf(v));
  if (w.timeWindow) {
    const notBefore = opt(w.timeWindow.notBeforeTimestamp);
    const notAfter = opt(w.timeWindow.notAfterTimestamp);
    return { kind: 'time', ...(notBefore !== undefined && { notBefore }), ...(notAfter !== undefined && { notAfter }) };
  }
  if (w.heightWindow) {
    const notBefore = opt(w.heightWindow.notBeforeHeight);
    const notAfter = opt(w.heightWindow.notAfterHeight);
    return { kind: 'height', ...(notBefore !== undefined && { notBefore }), ...(notAfter !== undefined && { notAfter }) };
  }
  return undefined;
}

export function transactionToWire(tx: Transaction): WTransaction {
  const call = tx.contractCall;
  return {
    version: u32(tx.version, 'version'),
    inputs: tx.inputs.map(inputToWire),
    outputs: tx.outputs.map(outputToWire),
    ...(tx.memo !== undefined && { metadata: { memo: tx.memo } }),
    nonce: u64(tx.nonce, 'nonce'),
    creationTimestamp: u64(tx.creationTimestamp, 'creationTimestamp'),
    ...(tx.validityWindow && windowToWire(tx.validityWindow)),
    chainId: tx.chainId,
    ...(tx.fee && feeToWire(tx.fee)),
    resourceAttachmentHashes: (tx.resourceAttachmentHashes ?? []).map((h, i) => hash32(h, `resourceAttachmentHashes[${i}]`)),
    ...(call && {
      contractCall: {
        contractAddress: address(call.contract, 'contractCall.contract'),
        method: call.method,
        payload: call.payload,
        gasLimit: u64(call.gasLimit, 'contractCall.gasLimit'),
        ...(call.funds !== undefined && call.funds !== 0n && { funds: u64(call.funds, 'contractCall.funds') }),
      },
    }),
  };
}

export function transactionFromWire(w: WTransaction): Transaction {
  const window = windowFromWire(w);
  const fee = feeFromWire(w);
  const hashes = (w.resourceAttachmentHashes ?? []).map((h, i) => hash32Of(h, `resourceAttachmentHashes[${i}]`));
  const call = w.contractCall;
  return {
    version: w.version ?? 0,
    inputs: (w.inputs ?? []).map(inputFromWire),
    outputs: (w.outputs ?? []).map(outputFromWire),
    nonce: bigintOf(w.nonce),
    creationTimestamp: bigintOf(w.creationTimestamp),
    chainId: bytesOf(w.chainId),
    ...(window && { validityWindow: window }),
    ...(fee && { fee }),
    ...(w.metadata?.memo !== undefined && { memo: w.metadata.memo }),
    ...(hashes.length > 0 && { resourceAttachmentHashes: hashes }),
    ...(call && {
      contractCall: {
        contract: addressOf(call.contractAddress, 'contractCall.contractAddress'),
        method: call.method ?? '',
        payload: bytesOf(call.payload),
        gasLimit: bigintOf(call.gasLimit),
        ...(call.funds !== undefined && bigintOf(call.funds) !== 0n && { funds: bigintOf(call.funds) }),
      },
    }),
  };
}
