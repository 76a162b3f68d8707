/** UnlockingProof <-> wire: the members of TxInput.unlocking_proof and of the UnlockingProof wrapper. */
import type { BaseUnlockingProof, IdentityProof, UnlockingProof } from '../../../../pkg/model.js';
import type { WBaseProof, WIdentityProof, WInputProof } from './wire-types.js';
import {
  ALG_SECP256K1, address, addressOf, bigintOf, bytesOf, entriesOf, hash32, hash32Of, missing, sortedEntries, u32, u64, u8,
} from './wire.js';

const EXECUTION_TYPE = { contract: 1, aimodel: 2 } as const;

function identityToWire(p: IdentityProof): WIdentityProof {
  return {
    publicKey: p.publicKey,
    callerAddress: address(p.callerAddress, 'callerIdentity.callerAddress'),
    signature: p.signature,
    algorithm: ALG_SECP256K1,
    sighashType: u8(p.sighashType, 'callerIdentity.sighashType'),
    nonce: p.nonce,
    timestamp: u64(p.timestamp, 'callerIdentity.timestamp'),
    contextHash: p.contextHash,
  };
}

function identityFromWire(w: WIdentityProof): IdentityProof {
  return {
    publicKey: bytesOf(w.publicKey),
    callerAddress: addressOf(w.callerAddress, 'callerIdentity.callerAddress'),
    signature: bytesOf(w.signature),
    sighashType: w.sighashType ?? 0,
    nonce: bytesOf(w.nonce),
    timestamp: bigintOf(w.timestamp),
    contextHash: bytesOf(w.contextHash),
  };
}

/** One-member object; spread into a TxInput or used as an UnlockingProof wrapper. */
export function baseProofToWire(p: BaseUnlockingProof): WBaseProof {
  switch (p.kind) {
    case 'singleKey':
      return {
        singleKeyProof: {
          signature: { value: p.signature },
          publicKey: { value: p.publicKey },
          algorithm: ALG_SECP256K1,
          sighashType: u8(p.sighashType, 'singleKey.sighashType'),
        },
      };
    case 'multiKey':
      return {
        multiKeyProof: {
          signatures: p.signatures.map((s) => ({
            keyIndex: u32(s.keyIndex, 'multiKey.keyIndex'),
            signature: { value: s.signature },
            algorithm: ALG_SECP256K1,
            sighashType: u8(s.sighashType, 'multiKey.sighashType'),
          })),
        },
      };
    case 'execution':
      return {
        executionProof: {
          executionResultHash: p.executionResultHash,
          stateTransitionProof: p.stateTransitionProof,
          executionTimeMs: u64(p.executionTimeMs, 'execution.executionTimeMs'),
          context: {
            inputDataHash: p.context.inputDataHash,
            outputDataHash: p.context.outputDataHash,
            ...(p.context.callerIdentity && { callerIdentity: identityToWire(p.context.callerIdentity) }),
            resourceAddress: address(p.context.resourceAddress, 'execution.resourceAddress'),
            executionType: EXECUTION_TYPE[p.context.executionType],
            metadata: sortedEntries(p.context.metadata, 'execution.metadata'),
          },
        },
      };
    case 'delegation':
      return {
        delegationProof: {
          delegationTransactionId: hash32(p.delegationTxId, 'delegation.delegationTxId'),
          delegationOutputIndex: u32(p.delegationOutputIndex, 'delegation.delegationOutputIndex'),
          delegateSignature: { value: p.delegateSignature },
          operationType: p.operationType,
          valueAmount: u64(p.valueAmount, 'delegation.valueAmount'),
          delegateAddress: address(p.delegateAddress, 'delegation.delegateAddress'),
        },
      };
    case 'threshold':
      return {
        thresholdProof: {
          shares: p.shares.map((s) => ({
            partyId: u32(s.partyId, 'threshold.partyId'),
            signatureShare: s.signatureShare,
            verificationKey: s.verificationKey,
          })),
          combinedSignature: p.combinedSignature,
          signatureScheme: p.signatureScheme,
        },
      };
  }
}

export function proofToWire(p: UnlockingProof): WInputProof {
  if (p.kind === 'time') {
    return { timeProof: { currentTimestamp: u64(p.currentTimestamp, 'time.currentTimestamp'), baseProof: baseProofToWire(p.base) } };
  }
  if (p.kind === 'height') {
    return {
      heightProof: {
        currentHeight: u64(p.currentHeight, 'height.currentHeight'),
        baseProof: baseProofToWire(p.base),
        confirmationBlocks: u32(p.confirmationBlocks, 'height.confirmationBlocks'),
      },
    };
  }
  return baseProofToWire(p);
}

/** undefined when no member is set (an unsigned input, or an empty wrapper). */
export function baseProofFromWire(w: WBaseProof): BaseUnlockingProof | undefined {
  if (w.singleKeyProof) {
    return {
      kind: 'singleKey',
      signature: bytesOf(w.singleKeyProof.signature?.value),
      publicKey: bytesOf(w.singleKeyProof.publicKey?.value),
      sighashType: w.singleKeyProof.sighashType ?? 0,
    };
  }
  if (w.multiKeyProof) {
    return {
      kind: 'multiKey',
      signatures: (w.multiKeyProof.signatures ?? []).map((s) => ({
        keyIndex: s.keyIndex ?? 0,
        signature: bytesOf(s.signature?.value),
        sighashType: s.sighashType ?? 0,
      })),
    };
  }
  if (w.executionProof) {
    const ctx = w.executionProof.context ?? {};
    const type = ctx.executionType === EXECUTION_TYPE.aimodel ? 'aimodel' : 'contract';
    return {
      kind: 'execution',
      executionResultHash: bytesOf(w.executionProof.executionResultHash),
      stateTransitionProof: bytesOf(w.executionProof.stateTransitionProof),
      executionTimeMs: bigintOf(w.executionProof.executionTimeMs),
      context: {
        inputDataHash: bytesOf(ctx.inputDataHash),
        outputDataHash: bytesOf(ctx.outputDataHash),
        ...(ctx.callerIdentity && { callerIdentity: identityFromWire(ctx.callerIdentity) }),
        resourceAddress: addressOf(ctx.resourceAddress, 'executionProof.context.resourceAddress'),
        executionType: type,
        metadata: entriesOf(ctx.metadata),
      },
    };
  }
  if (w.delegationProof) {
    const d = w.delegationProof;
    return {
      kind: 'delegation',
      delegationTxId: hash32Of(d.delegationTransactionId, 'delegationProof.delegationTransactionId'),
      delegationOutputIndex: d.delegationOutputIndex ?? 0,
      delegateSignature: bytesOf(d.delegateSignature?.value),
      operationType: d.operationType ?? '',
      valueAmount: bigintOf(d.valueAmount),
      delegateAddress: addressOf(d.delegateAddress, 'delegationProof.delegateAddress'),
    };
  }
  if (w.thresholdProof) {
    return {
      kind: 'threshold',
      shares: (w.thresholdProof.shares ?? []).map((s) => ({
        partyId: s.partyId ?? 0,
        signatureShare: bytesOf(s.signatureShare),
        verificationKey: bytesOf(s.verificationKey),
      })),
      combinedSignature: bytesOf(w.thresholdProof.combinedSignature),
      signatureScheme: w.thresholdProof.signatureScheme ?? '',
    };
  }
  return undefined;
}

export function proofFromWire(w: WInputProof): UnlockingProof | undefined {
  if (w.timeProof) {
    const base = baseProofFromWire(w.timeProof.baseProof ?? {});
    if (!base) throw missing('timeProof.baseProof');
    return { kind: 'time', currentTimestamp: bigintOf(w.timeProof.currentTimestamp), base };
  }
  if (w.heightProof) {
    const base = baseProofFromWire(w.heightProof.baseProof ?? {});
    if (!base) throw missing('heightProof.baseProof');
    return {
      kind: 'height',
      currentHeight: bigintOf(w.heightProof.currentHeight),
      confirmationBlocks: w.heightProof.confirmationBlocks ?? 0,
      base,
    };
  }
  return baseProofFromWire(w);
}
