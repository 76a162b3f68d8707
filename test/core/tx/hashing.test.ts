/** Transaction id and signature hash: what they commit to, byte layout, and input signing. */
import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { decodeTransaction, encodeTransaction } from '../../../internal/core/wire/codec.js';
import { sighashPreimage, signatureHash, transactionId, unsignedBytes } from '../../../internal/core/tx/hashing.js';
import { generateKeyPair, signAllInputs, signInput, verifyInputSignature, withProof } from '../../../internal/core/tx/signing.js';
import { TxError } from '../../../pkg/errors.js';
import { SIGHASH_ALL, type Transaction } from '../../../pkg/model.js';
import { fill, hex, kitchenSinkTx, simpleTx, unhex } from './fixtures.js';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('transaction id', () => {
  it('is SHA-256 of the encoding without proofs (hand-derived bytes of simpleTx)', () => {
    const bytes = unhex(
      '0801 1226 0a24 0a20' + 'aa'.repeat(32) + '1001 1a43 0a14' + '11'.repeat(20) +
        '121c 0a1a 1214' + '22'.repeat(20) + '1801 2001 520d 0a0b 0a09' + Buffer.from('100000000').toString('hex') +
        'a001ac02 c20103776573',
    );
    expect(hex(transactionId(simpleTx))).toBe(sha256(bytes));
  });

  it('does not change when inputs are signed, and changes with anything else', () => {
    const tx = kitchenSinkTx();
    const stripped: Transaction = { ...tx, inputs: tx.inputs.map(({ proof: _p, ...i }) => i) };
    expect(hex(transactionId(tx))).toBe(hex(transactionId(stripped)));
    expect(hex(transactionId(tx))).toBe(sha256(encodeTransaction(stripped)));
    expect(hex(transactionId({ ...tx, nonce: tx.nonce + 1n }))).not.toBe(hex(transactionId(tx)));
    expect(hex(transactionId({ ...tx, contractCall: { ...tx.contractCall!, gasLimit: 1n } }))).not.toBe(hex(transactionId(tx)));
  });
});

describe('signature hash', () => {
  it('appends the input index as u32 big-endian and the sighash type as one byte', () => {
    const pre = sighashPreimage(Uint8Array.of(0xee), 0x01020304, 0x81);
    expect(hex(pre)).toBe('ee0102030481');
    expect(hex(signatureHash(simpleTx, 0))).toBe(sha256(Uint8Array.from([...unsignedBytes(simpleTx), 0, 0, 0, 0, SIGHASH_ALL])));
  });

  it('tells input 0 from input 256 (WES truncated the index to one byte)', () => {
    const inputs = Array.from({ length: 257 }, (_, i) => ({ outPoint: { txId: fill(32, 1), index: i }, referenceOnly: false }));
    const tx = { ...simpleTx, inputs };
    expect(hex(signatureHash(tx, 256))).not.toBe(hex(signatureHash(tx, 0)));
  });

  it('rejects an index past the inputs and a sighash type that is not a byte', () => {
    expect(() => signatureHash(simpleTx, 1)).toThrow(TxError);
    expect(() => sighashPreimage(new Uint8Array(0), 0, 256)).toThrow(TxError);
    expect(() => sighashPreimage(new Uint8Array(0), -1, 1)).toThrow(TxError);
  });
});

describe('input signing', () => {
  const tx: Transaction = {
    ...simpleTx,
    inputs: [
      { outPoint: { txId: fill(32, 1), index: 0 }, referenceOnly: false },
      { outPoint: { txId: fill(32, 2), index: 1 }, referenceOnly: false },
    ],
  };

  it('produces proofs that verify for their own input only', () => {
    const kp = generateKeyPair();
    const signed = signAllInputs(tx, kp.privateKey);
    expect(hex(transactionId(signed))).toBe(hex(transactionId(tx)));
    const [p0, p1] = signed.inputs.map((i) => i.proof);
    if (p0?.kind !== 'singleKey' || p1?.kind !== 'singleKey') throw new Error('expected single-key proofs');
    expect(p0.publicKey).toEqual(kp.publicKey);
    expect(p0.signature.length).toBe(64);
    expect(verifyInputSignature(signed, 0, p0)).toBe(true);
    expect(verifyInputSignature(signed, 1, p1)).toBe(true);
    expect(verifyInputSignature(signed, 1, p0)).toBe(false);
    expect(verifyInputSignature(signed, 2, p0)).toBe(false);
    // Any change to what is signed invalidates it.
    const altered = { ...signed, outputs: [] };
    expect(verifyInputSignature(altered, 0, p0)).toBe(false);
  });

  it('is deterministic and survives an encode/decode of the signed transaction', () => {
    const kp = generateKeyPair();
    const a = signInput(tx, 0, kp.privateKey);
    const b = signInput(tx, 0, kp.privateKey);
    expect(a).toEqual(b);
    const back = decodeTransaction(encodeTransaction(withProof(tx, 0, a)));
    const proof = back.inputs[0]!.proof;
    if (proof?.kind !== 'singleKey') throw new Error('proof lost');
    expect(verifyInputSignature(back, 0, proof)).toBe(true);
  });
});
