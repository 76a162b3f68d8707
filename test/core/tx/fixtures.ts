/** Shared model values for the tx tests: small hand-checkable ones and one with every variant. */
import type { SingleKeyProof, Transaction, TxOutput } from '../../../pkg/model.js';

export const fill = (n: number, byte: number): Uint8Array => new Uint8Array(n).fill(byte);
export const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
export const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
export const cat = (...parts: (Uint8Array | number[])[]): Uint8Array => {
  const out: number[] = [];
  for (const p of parts) out.push(...p);
  return Uint8Array.from(out);
};

/** 1 WES to owner 0x11…, locked to address hash 0x22… */
export const nativeOutput: TxOutput = {
  owner: fill(20, 0x11),
  locks: [{ kind: 'singleKey', addressHash: fill(20, 0x22) }],
  content: { type: 'asset', asset: { kind: 'native', amount: 100_000_000n } },
};

export const simpleTx: Transaction = {
  version: 1,
  inputs: [{ outPoint: { txId: fill(32, 0xaa), index: 1 }, referenceOnly: false }],
  outputs: [nativeOutput],
  nonce: 300n,
  creationTimestamp: 0n,
  chainId: ascii('wes'),
};

const single: SingleKeyProof = { kind: 'singleKey', signature: fill(64, 0x5a), publicKey: cat([0x02], fill(32, 0x07)), sighashType: 1 };

/** Every lock, proof, output, fee and window variant the model has. */
export function kitchenSinkTx(): Transaction {
  const owner = fill(20, 0x01);
  return {
    version: 1,
    inputs: [
      { outPoint: { txId: fill(32, 0x10), index: 0 }, referenceOnly: false, proof: single },
      {
        outPoint: { txId: fill(32, 0x11), index: 7 },
        referenceOnly: true,
        sequence: 9,
        proof: { kind: 'multiKey', signatures: [{ keyIndex: 2, signature: fill(64, 1), sighashType: 1 }, { keyIndex: 0, signature: fill(64, 2), sighashType: 1 }] },
      },
      {
        outPoint: { txId: fill(32, 0x12), index: 0 },
        referenceOnly: true,
        proof: {
          kind: 'execution',
          executionResultHash: fill(32, 3),
          stateTransitionProof: ascii('proof'),
          executionTimeMs: 12n,
          context: {
            inputDataHash: fill(32, 4),
            outputDataHash: fill(32, 5),
            callerIdentity: {
              publicKey: cat([0x03], fill(32, 6)),
              callerAddress: fill(20, 7),
              signature: fill(64, 8),
              sighashType: 1,
              nonce: fill(32, 9),
              timestamp: 1_700_000_000n,
              contextHash: fill(32, 10),
            },
            resourceAddress: fill(20, 11),
            executionType: 'contract',
            metadata: [
              { key: 'a', value: ascii('x') },
              { key: 'method_name', value: ascii('transfer') },
            ],
          },
        },
      },
      {
        outPoint: { txId: fill(32, 0x13), index: 1 },
        referenceOnly: false,
        proof: {
          kind: 'delegation',
          delegationTxId: fill(32, 12),
          delegationOutputIndex: 3,
          delegateSignature: fill(64, 13),
          operationType: 'transfer',
          valueAmount: 500n,
          delegateAddress: fill(20, 14),
        },
      },
      {
        outPoint: { txId: fill(32, 0x14), index: 2 },
        referenceOnly: false,
        proof: {
          kind: 'threshold',
          shares: [{ partyId: 1, signatureShare: fill(8, 15), verificationKey: fill(33, 16) }],
          combinedSignature: fill(64, 17),
          signatureScheme: 'BLS_THRESHOLD',
        },
      },
      { outPoint: { txId: fill(32, 0x15), index: 0 }, referenceOnly: false, proof: { kind: 'time', currentTimestamp: 1_800_000_000n, base: single } },
      {
        outPoint: { txId: fill(32, 0x16), index: 0 },
        referenceOnly: false,
        proof: { kind: 'height', currentHeight: 1000n, confirmationBlocks: 6, base: single },
      },
      { outPoint: { txId: fill(32, 0x17), index: 4 }, referenceOnly: false },
    ],
    outputs: [
      nativeOutput,
      {
        owner,
        locks: [
          { kind: 'contract', contract: fill(20, 0x30), method: 'withdraw' },
          { kind: 'multiKey', required: 2, publicKeys: [cat([0x02], fill(32, 1)), cat([0x03], fill(32, 2))] },
          { kind: 'delegation', originalOwner: owner, delegates: [fill(20, 0x31), fill(20, 0x32)], maxValuePerOperation: 10n },
          { kind: 'threshold', threshold: 2, publicKeys: [fill(48, 1), fill(48, 2), fill(48, 3)] },
          { kind: 'timeLock', unlockTimestamp: 2_000_000_000n, base: { kind: 'singleKey', addressHash: owner } },
          { kind: 'heightLock', unlockHeight: 5000n, base: { kind: 'contract', contract: fill(20, 0x33) } },
        ],
        content: { type: 'asset', asset: { kind: 'token', contract: fill(20, 0x30), classId: ascii('GOLD'), amount: (1n << 64n) - 1n } },
      },
      {
        owner,
        locks: [],
        content: {
          type: 'state',
          state: {
            stateId: ascii('balance:alice'),
            version: 3n,
            executionResultHash: fill(32, 0x40),
            publicInputs: [fill(32, 0x41), fill(32, 0x42)],
            parentStateHash: fill(32, 0x43),
            value: ascii('{"n":1}'),
          },
        },
      },
      {
        owner,
        locks: [{ kind: 'singleKey', addressHash: owner }],
        content: {
          type: 'resource',
          resource: {
            contentHash: fill(32, 0x50),
            category: 'executable',
            executableType: 'contract',
            mimeType: 'application/wasm',
            size: 4096n,
            creationTimestamp: 1_700_000_001n,
          },
        },
      },
    ],
    nonce: (1n << 63n) + 5n,
    creationTimestamp: 1_700_000_000n,
    chainId: ascii('wes-devnet'),
    validityWindow: { kind: 'height', notBefore: 0n, notAfter: 100n },
    fee: { kind: 'proportional', rateBasisPoints: 3, maxFeeAmount: 1000n, feeToken: { kind: 'native' } },
    memo: 'hello',
    resourceAttachmentHashes: [fill(32, 0x60)],
    contractCall: { contract: fill(20, 0x30), method: 'transfer', payload: ascii('{"to":"x"}'), gasLimit: 1_000_000n },
  };
}
