/** Round trips over every variant, and the strict decoder: one value, one encoding. */
import { describe, it, expect } from 'vitest';
import protobuf from 'protobufjs';
import {
  decodeBlock, decodeBlockHeader, decodeResource, decodeTransaction, decodeTxOutput, decodeUnlockingProof,
  encodeBlock, encodeBlockHeader, encodeResource, encodeTransaction, encodeTxOutput, encodeUnlockingProof,
} from '../../../internal/core/wire/codec.js';
import { txErrorCode } from '../../helpers/tx-error.js';
import type { BlockHeader, Transaction, TxOutput } from '../../../pkg/model.js';
import { ascii, cat, fill, hex, kitchenSinkTx, nativeOutput, simpleTx, unhex } from '../tx/fixtures.js';


describe('codec round trips', () => {
  it('round-trips a transaction with every lock, proof, output, fee and window variant', () => {
    const tx = kitchenSinkTx();
    const bytes = encodeTransaction(tx);
    expect(decodeTransaction(bytes)).toEqual(tx);
    expect(hex(encodeTransaction(decodeTransaction(bytes)))).toBe(hex(bytes));
  });

  it('round-trips every fee mechanism and the time window', () => {
    const fees: Transaction['fee'][] = [
      { kind: 'minimum', minimumAmount: 0n, feeToken: { kind: 'native' } },
      { kind: 'proportional', rateBasisPoints: 30, feeToken: { kind: 'contract', contract: fill(20, 9) } },
      { kind: 'contractExecution', baseFee: 1n, executionFee: 2n, feeToken: { kind: 'native' } },
      { kind: 'priority', baseFee: 5n, priorityRate: '1.5', feeToken: { kind: 'native' } },
    ];
    for (const fee of fees) {
      const tx: Transaction = { ...simpleTx, fee: fee!, validityWindow: { kind: 'time', notAfter: 0n } };
      expect(decodeTransaction(encodeTransaction(tx))).toEqual(tx);
    }
  });

  it('copies decoded bytes: mutating the input buffer does not change the value', () => {
    const bytes = encodeTxOutput(nativeOutput);
    const out = decodeTxOutput(bytes);
    bytes.fill(0);
    expect(out).toEqual(nativeOutput);
  });

  it('round-trips unlocking proofs, resources, headers and blocks', () => {
    for (const input of kitchenSinkTx().inputs) {
      const p = input.proof;
      if (!p || p.kind === 'time' || p.kind === 'height') continue;
      expect(decodeUnlockingProof(encodeUnlockingProof(p))).toEqual(p);
    }
    const resource = { contentHash: fill(32, 1), category: 'static', mimeType: 'text/plain', size: 3n } as const;
    expect(decodeResource(encodeResource(resource))).toEqual(resource);
    const header: BlockHeader = {
      chainId: 7n, version: 1n, previousHash: fill(32, 0), timestamp: 1_700_000_000n, height: 42n,
      merkleRoot: fill(32, 1), stateRoot: fill(32, 2), nonce: fill(8, 3), difficulty: 1n,
    };
    expect(decodeBlockHeader(encodeBlockHeader(header))).toEqual(header);
    const block = { header, transactions: [simpleTx, kitchenSinkTx()] };
    expect(decodeBlock(encodeBlock(block))).toEqual(block);
    expect(decodeBlock(encodeBlock({ header, transactions: [] }))).toEqual({ header, transactions: [] });
  });

  it('declares WES maps as repeated entries with the same wire format as map<string, bytes>', () => {
    const withMap = protobuf.parse('syntax = "proto3"; message M { map<string, bytes> m = 40; }').root.lookupType('M');
    const withEntries = protobuf.parse(
      'syntax = "proto3"; message E { optional string key = 1; optional bytes value = 2; } message M { repeated E m = 40; }',
    ).root.lookupType('M');
    const a = withMap.encode({ m: { k: Uint8Array.of(9) } }).finish();
    const b = withEntries.encode({ m: [{ key: 'k', value: Uint8Array.of(9) }] }).finish();
    expect(hex(b)).toBe(hex(a));
    expect(withMap.toObject(withMap.decode(b)).m.k).toEqual(Buffer.of(9));
  });
});

describe('strict decoding', () => {
  const minimal = unhex('0801a001ac02c20103776573'); // version 1, nonce 300, chain_id "wes"

  it('accepts the canonical bytes', () => {
    expect(decodeTransaction(minimal).nonce).toBe(300n);
  });

  it('rejects an unknown field', () => {
    // field 99, varint: tag 792 -> 98 06
    expect(txErrorCode(() => decodeTransaction(cat(minimal, [0x98, 0x06, 0x01])))).toBe('TX_NON_CANONICAL');
  });

  it('rejects fields out of order, a non-minimal varint, and an explicitly written default', () => {
    expect(txErrorCode(() => decodeTransaction(unhex('c20103776573 0801 a001ac02')))).toBe('TX_NON_CANONICAL');
    expect(txErrorCode(() => decodeTransaction(unhex('088100 a001ac02 c20103776573')))).toBe('TX_NON_CANONICAL');
    expect(txErrorCode(() => decodeTransaction(unhex('0801 a801 00 a001ac02 c20103776573')))).toBe('TX_NON_CANONICAL');
  });

  it('rejects bytes that are not protobuf', () => {
    expect(txErrorCode(() => decodeTransaction(unhex('0a05')))).toBe('TX_MALFORMED');
  });

  it('rejects non-canonical or oversized amounts', () => {
    const withAmount = (amount: string): Uint8Array => {
      const coin = cat([0x0a, amount.length], ascii(amount));
      const asset = cat([0x0a, coin.length], coin);
      return cat([0x0a, 0x14], fill(20, 0x11), [0x52, asset.length], asset);
    };
    expect(decodeTxOutput(withAmount('5')).content).toEqual({ type: 'asset', asset: { kind: 'native', amount: 5n } });
    expect(txErrorCode(() => decodeTxOutput(withAmount('05')))).toBe('TX_BAD_AMOUNT');
    expect(txErrorCode(() => decodeTxOutput(withAmount('-5')))).toBe('TX_BAD_AMOUNT');
    expect(txErrorCode(() => decodeTxOutput(withAmount('18446744073709551616')))).toBe('TX_BAD_AMOUNT');
  });

  it('rejects variants the model does not carry', () => {
    // ContractTokenAsset with nft_unique_id (field 11)
    const token = cat([0x0a, 0x14], fill(20, 3), [0x12, 0x01], ascii('1'), [0x5a, 0x01, 0x07]);
    const asset = cat([0x12, token.length], token);
    expect(txErrorCode(() => decodeTxOutput(cat([0x0a, 0x14], fill(20, 1), [0x52, asset.length], asset)))).toBe('TX_UNSUPPORTED');
    // TxOutput with no content
    expect(txErrorCode(() => decodeTxOutput(cat([0x0a, 0x14], fill(20, 1))))).toBe('TX_MISSING_FIELD');
    // SingleKeyLock on a public key (P2PK)
    const lock = cat([0x0a, 0x25, 0x0a, 0x23, 0x0a, 0x21], fill(33, 2));
    const out = cat([0x0a, 0x14], fill(20, 1), [0x12, lock.length], lock, [0x52, 0x05, 0x0a, 0x03, 0x0a, 0x01, 0x31]);
    expect(txErrorCode(() => decodeTxOutput(out))).toBe('TX_UNSUPPORTED');
  });

  it('rejects a lock written with another algorithm than secp256k1', () => {
    const lock = cat([0x0a, 0x1a, 0x12, 0x14], fill(20, 0x22), [0x18, 0x03, 0x20, 0x01]); // ED25519
    const out = cat([0x0a, 0x14], fill(20, 0x11), [0x12, lock.length], lock, [0x52, 0x05, 0x0a, 0x03, 0x0a, 0x01, 0x31]);
    expect(txErrorCode(() => decodeTxOutput(out))).toBe('TX_NON_CANONICAL');
  });
});

describe('encoding errors', () => {
  it('rejects out-of-range integers and wrong-length addresses and hashes', () => {
    expect(txErrorCode(() => encodeTransaction({ ...simpleTx, nonce: -1n }))).toBe('TX_U64_RANGE');
    expect(txErrorCode(() => encodeTransaction({ ...simpleTx, nonce: 1n << 64n }))).toBe('TX_U64_RANGE');
    expect(txErrorCode(() => encodeTransaction({ ...simpleTx, version: 2 ** 32 }))).toBe('TX_U32_RANGE');
    expect(txErrorCode(() => encodeTxOutput({ ...nativeOutput, owner: fill(19, 0) }))).toBe('TX_BAD_LENGTH');
    const badInput = { ...simpleTx.inputs[0]!, outPoint: { txId: fill(31, 0), index: 0 } };
    expect(txErrorCode(() => encodeTransaction({ ...simpleTx, inputs: [badInput] }))).toBe('TX_BAD_LENGTH');
    const negative: TxOutput = { ...nativeOutput, content: { type: 'asset', asset: { kind: 'native', amount: -1n } } };
    expect(txErrorCode(() => encodeTxOutput(negative))).toBe('TX_U64_RANGE');
  });

  it('rejects duplicate map keys instead of picking one', () => {
    const tx = kitchenSinkTx();
    const input = tx.inputs[2]!;
    if (input.proof?.kind !== 'execution') throw new Error('fixture changed');
    const proof = { ...input.proof, context: { ...input.proof.context, metadata: [{ key: 'k', value: fill(1, 1) }, { key: 'k', value: fill(1, 2) }] } };
    expect(txErrorCode(() => encodeUnlockingProof(proof))).toBe('TX_DUPLICATE_KEY');
  });

  it('encodes the same value to the same bytes regardless of map entry order', () => {
    const tx = kitchenSinkTx();
    const input = tx.inputs[2]!;
    if (input.proof?.kind !== 'execution') throw new Error('fixture changed');
    const reversed = { ...input.proof, context: { ...input.proof.context, metadata: [...input.proof.context.metadata].reverse() } };
    expect(hex(encodeUnlockingProof(reversed))).toBe(hex(encodeUnlockingProof(input.proof)));
  });
});
