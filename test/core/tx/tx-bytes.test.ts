/** The per-object encoding facts give exactly what the direct functions give. */
import { describe, expect, it } from 'vitest';
import { transactionId, unsignedBytes } from '../../../internal/core/tx/hashing.js';
import { generateKeyPair, signAllInputs } from '../../../internal/core/tx/signing.js';
import { txBytesOf } from '../../../internal/core/tx/tx-bytes.js';
import { decodeTransaction, encodeTransaction } from '../../../internal/core/wire/codec.js';
import { kitchenSinkTx, simpleTx } from './fixtures.js';

describe('txBytesOf', () => {
  it('matches size, unsigned encoding and id for unsigned, signed and every-variant transactions', () => {
    const signed = signAllInputs({ ...simpleTx, nonce: 77n }, generateKeyPair().privateKey);
    for (const tx of [simpleTx, signed, kitchenSinkTx(), decodeTransaction(encodeTransaction(signed)), decodeTransaction(encodeTransaction(kitchenSinkTx()))]) {
      const b = txBytesOf(tx);
      expect(b.size).toBe(encodeTransaction(tx).length);
      expect(b.unsigned).toEqual(unsignedBytes(tx));
      expect(b.txId).toEqual(transactionId(tx));
    }
    expect(txBytesOf(signed).size).toBeGreaterThan(txBytesOf({ ...signed, inputs: signed.inputs.map(({ proof: _p, ...i }) => i) }).size);
  });

  it('is remembered per object, never for a different object with other content', () => {
    const a = { ...simpleTx, nonce: 78n };
    expect(txBytesOf(a)).toBe(txBytesOf(a));
    const b = { ...a, nonce: 79n };
    expect(txBytesOf(b).txId).not.toEqual(txBytesOf(a).txId);
    expect(txBytesOf(b).txId).toEqual(transactionId(b));
  });
});
