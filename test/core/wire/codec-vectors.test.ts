/**
 * Deterministic encoding checked against bytes derived by hand from the protobuf wire format
 * (tag = field << 3 | wire type; varints 7 bits at a time, low group first, high bit = more).
 */
import { describe, it, expect } from 'vitest';
import { decodeReceipt, decodeTransaction, encodeReceipt, encodeTransaction, encodeTxOutput, encodeUnlockingProof } from '../../../internal/core/wire/codec.js';
import type { Transaction } from '../../../pkg/model.js';
import { ascii, cat, fill, hex, nativeOutput, simpleTx } from '../tx/fixtures.js';

// TxOutput{owner=1, locking_conditions=2 [LockingCondition{single_key_lock=1 SingleKeyLock{
//   required_address_hash=2, required_algorithm=3 (1), sighash_type=4 (1)}}], asset=10 AssetOutput{
//   native_coin=1 NativeCoinAsset{amount=1 "100000000"}}}
const singleKeyLock = cat([0x12, 0x14], fill(20, 0x22), [0x18, 0x01], [0x20, 0x01]); // 26 bytes
const lockingCondition = cat([0x0a, 0x1a], singleKeyLock); // 28 bytes
const nativeCoin = cat([0x0a, 0x09], ascii('100000000')); // 11 bytes
const assetOutput = cat([0x0a, 0x0b], nativeCoin); // 13 bytes
const txOutput = cat([0x0a, 0x14], fill(20, 0x11), [0x12, 0x1c], lockingCondition, [0x52, 0x0d], assetOutput); // 67 bytes

// TxInput{previous_output=1 OutPoint{tx_id=1, output_index=2 (1)}}; is_reference_only=false is omitted.
const outPoint = cat([0x0a, 0x20], fill(32, 0xaa), [0x10, 0x01]); // 36 bytes
const txInput = cat([0x0a, 0x24], outPoint); // 38 bytes

// Transaction fields in number order: version=1, inputs=2, outputs=3, nonce=20, chain_id=24.
// Tag of field 20 (varint) = 160 -> A0 01; 300 -> AC 02; tag of field 24 (bytes) = 194 -> C2 01.
const simpleTxBytes = cat([0x08, 0x01], [0x12, 0x26], txInput, [0x1a, 0x43], txOutput, [0xa0, 0x01, 0xac, 0x02], [0xc2, 0x01, 0x03], ascii('wes'));

describe('deterministic encoding, hand-derived vectors', () => {
  it('encodes a minimal transaction field by field, omitting defaults', () => {
    const tx: Transaction = { version: 1, inputs: [], outputs: [], nonce: 300n, creationTimestamp: 0n, chainId: ascii('wes') };
    expect(hex(encodeTransaction(tx))).toBe('0801a001ac02c20103776573');
  });

  it('encodes an empty transaction as zero bytes (every field at its default)', () => {
    const tx: Transaction = { version: 0, inputs: [], outputs: [], nonce: 0n, creationTimestamp: 0n, chainId: new Uint8Array(0) };
    expect(encodeTransaction(tx).length).toBe(0);
  });

  it('encodes an output with a single-key lock and a native amount', () => {
    expect(txOutput.length).toBe(67);
    expect(hex(encodeTxOutput(nativeOutput))).toBe(hex(txOutput));
  });

  it('encodes a one-input one-output transaction', () => {
    expect(hex(encodeTransaction(simpleTx))).toBe(hex(simpleTxBytes));
    expect(decodeTransaction(simpleTxBytes)).toEqual(simpleTx);
  });

  it('writes an unlocking proof as TxInput field 10 with a two-byte length', () => {
    const proof = { kind: 'singleKey', signature: fill(64, 0x5a), publicKey: cat([0x02], fill(32, 0x07)), sighashType: 1 } as const;
    // SingleKeyProof{signature=1 SignatureData{value=1}, public_key=2 PublicKey{value=1}, algorithm=3, sighash_type=4}
    const skp = cat([0x0a, 0x42, 0x0a, 0x40], fill(64, 0x5a), [0x12, 0x23, 0x0a, 0x21, 0x02], fill(32, 0x07), [0x18, 0x01, 0x20, 0x01]);
    expect(skp.length).toBe(109); // 0x6D
    const signedInput = cat(txInput, [0x52, 0x6d], skp); // 149 bytes -> length varint 95 01
    const expected = cat([0x08, 0x01], [0x12, 0x95, 0x01], signedInput, [0x1a, 0x43], txOutput, [0xa0, 0x01, 0xac, 0x02], [0xc2, 0x01, 0x03], ascii('wes'));
    const tx: Transaction = { ...simpleTx, inputs: [{ ...simpleTx.inputs[0]!, proof }] };
    expect(hex(encodeTransaction(tx))).toBe(hex(expected));
    // Standalone UnlockingProof wrapper: single_key_proof is field 1 there.
    expect(hex(encodeUnlockingProof(proof))).toBe(hex(cat([0x0a, 0x6d], skp)));
  });

  it('puts the contract call at field 60 after every WES field', () => {
    const tx: Transaction = {
      version: 1, inputs: [], outputs: [], nonce: 0n, creationTimestamp: 0n, chainId: new Uint8Array(0),
      contractCall: { contract: fill(20, 0x33), method: 'transfer', payload: Uint8Array.of(1, 2, 3), gasLimit: 1_000_000n },
    };
    // 1_000_000 = 61·2^14 + 4·2^7 + 64 -> C0 84 3D. Tag of field 60 (bytes) = 482 -> E2 03.
    const call = cat([0x0a, 0x14], fill(20, 0x33), [0x12, 0x08], ascii('transfer'), [0x1a, 0x03, 1, 2, 3], [0x20, 0xc0, 0x84, 0x3d]);
    expect(hex(encodeTransaction(tx))).toBe(hex(cat([0x08, 0x01, 0xe2, 0x03, call.length], call)));
  });

  it('encodes uint64 max as a ten-byte varint and a receipt field by field', () => {
    const receipt = {
      txId: fill(32, 0x01),
      status: 0,
      gasUsed: (1n << 64n) - 1n,
      returnData: new Uint8Array(0),
      events: [{ contract: fill(20, 0x02), data: ascii('hi'), index: 0 }],
    };
    const event = cat([0x0a, 0x14], fill(20, 0x02), [0x12, 0x02], ascii('hi'));
    const expected = cat([0x0a, 0x20], fill(32, 0x01), [0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], [0x2a, event.length], event);
    expect(hex(encodeReceipt(receipt))).toBe(hex(expected));
    expect(decodeReceipt(expected)).toEqual(receipt);
  });

  it('writes a state value at StateOutput field 60 and explicit-presence fields even when empty', () => {
    const out = encodeTxOutput({
      owner: fill(20, 0),
      locks: [],
      content: {
        type: 'state',
        state: { stateId: ascii('k'), version: 1n, executionResultHash: new Uint8Array(0), publicInputs: [], value: new Uint8Array(0) },
      },
    });
    // StateOutput{state_id=1 "k", state_version=2 (1), value=60 (empty but present: E2 03 00)}
    const state = cat([0x0a, 0x01], ascii('k'), [0x10, 0x01], [0xe2, 0x03, 0x00]);
    expect(hex(out)).toBe(hex(cat([0x0a, 0x14], fill(20, 0), [0x62, state.length], state)));
  });

  it('sorts map entries by UTF-8 key bytes and always writes key and value, as Go does', () => {
    const proof = encodeUnlockingProof({
      kind: 'execution',
      executionResultHash: new Uint8Array(0),
      stateTransitionProof: new Uint8Array(0),
      executionTimeMs: 0n,
      context: {
        inputDataHash: new Uint8Array(0),
        outputDataHash: new Uint8Array(0),
        resourceAddress: fill(20, 0),
        executionType: 'contract',
        // UTF-16 order would put U+1F600 (D83D DE00) before U+FFEE; UTF-8 (F0… vs EF…) puts it after.
        metadata: [
          { key: '😀', value: Uint8Array.of(1) },
          { key: 'a', value: new Uint8Array(0) },
          { key: '\uffee', value: Uint8Array.of(2) },
        ],
      },
    });
    // Field 40 (bytes) tag = 322 -> C2 02. Entry{key=1, value=2}.
    const entryA = cat([0xc2, 0x02, 0x05, 0x0a, 0x01, 0x61, 0x12, 0x00]);
    const entryFFEE = cat([0xc2, 0x02, 0x08, 0x0a, 0x03, 0xef, 0xbf, 0xae, 0x12, 0x01, 0x02]);
    const entryEmoji = cat([0xc2, 0x02, 0x09, 0x0a, 0x04, 0xf0, 0x9f, 0x98, 0x80, 0x12, 0x01, 0x01]);
    // ExecutionContext{resource_address=14 (tag 0x72), execution_type=15 (tag 0x78) = 1, metadata=40...}
    const context = cat([0x72, 0x14], fill(20, 0), [0x78, 0x01], entryA, entryFFEE, entryEmoji);
    const executionProof = cat([0x22, context.length], context);
    expect(hex(proof)).toBe(hex(cat([0x1a, executionProof.length], executionProof)));
  });
});
